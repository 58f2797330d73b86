using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Hosting;
using Marten;

namespace Catalogue.Api.Audit;

public static class AuditRegistration
{
    /// <summary>
    /// What auditors and operators rely on: replay, diff, blame and the sweep (endpoints Wolverine finds), the
    /// maintenance of the read models, and the tamper-evident event chain.
    /// </summary>
    public static CatalogueBuilder AddAudit(this CatalogueBuilder catalogue) => catalogue
        .AsyncReadModel<RecordSnapshotProjection, RecordSnapshot>()
        .ReadModelShape(new(nameof(RecordSnapshot), RecordSnapshot.Table, RecordSnapshot.FieldsAddressed, "addressed people and identifiers by their place in a list, and subjects and places as one list"))
        .Services(builder =>
        {
            builder.Services.AddSingleton<ReadModelMaintenance>();
            builder.Services.AddSingleton<ProjectionProgress>();
        })
        .Verb(new Verb(
            "projections", "projections rebuild",
            "rebuild the read models from the events while the service serves (the event chain's sealer is not rebuilt)",
            ReadModelCommandLine.RebuildAsync)
        {
            // Catalogue's own replaces only the Critter Stack's rebuild; its other actions stay the Critter Stack's.
            Takes = args => args is ["rebuild"],
            // Its rebuild of one projection would tear the live read model down, as its whole rebuild would.
            Refuses = args => args is ["rebuild", _, ..]
                ? "usage: projections rebuild   (it takes no arguments: it rebuilds every read model, in one transaction; "
                  + "to rebuild one, POST /api/admin/projections/{name}/rebuild to the running service)"
                : null,
        })
        .Verb(new Verb(
            "verify-projections", "verify-projections", "compare the read models with a rebuild from the events; exit 1 if they differ",
            ReadModelCommandLine.VerifyAsync)
        {
            // A stray argument is a mistake to point out, not a Critter Stack verb to fall through to.
            Refuses = args => args is [] ? null : "usage: verify-projections   (it takes no arguments)",
        })
        .AddEventChain()
        // After the chain's guards: CatalogueSchemaObjects creates the objects on mt_events in the order they are
        // added, and the committed migration has the guards first.
        .Services(builder => builder.Services.ConfigureMarten(opts => opts.AddReadModelLocks()));
}
