using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Catalogue.Api.Records;

/// <summary>Keeps <see cref="CatalogueRecord"/> in step with its stream, in the same transaction as the append.</summary>
public partial class CatalogueRecordProjection : SingleStreamProjection<CatalogueRecord, Guid>
{
    public override CatalogueRecord? Evolve(CatalogueRecord? snapshot, Guid id, IEvent e) =>
        RecordEvolution.Apply(snapshot, e.Data, e.Version);
}
