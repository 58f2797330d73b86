using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Catalogue.Api.Hosting;

public static class CatalogueServices
{
    /// <summary>Marten's event store and read models for catalogue records, on the given PostgreSQL.</summary>
    public static IServiceCollection AddCatalogueStore(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddMarten(opts =>
            {
                opts.DatabaseSchemaName = CatalogueSchema.Name;
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                opts.Events.MetadataConfig.EnableAll();
                opts.Events.MetadataConfig.UserNameEnabled = true;
                opts.Events.AddEventTypes(RecordEventTypes());
                opts.Projections.Add<CatalogueRecordProjection>(ProjectionLifecycle.Inline);
                opts.Schema.For<CatalogueRecord>().UniqueIndex(x => x.AccessionNumber);
                opts.Projections.Add(new ProvenancePlacementProjection(), ProjectionLifecycle.Inline);
                opts.Schema.For<ProvenancePlacement>()
                    .Duplicate(x => x.RecordId)
                    .Duplicate(x => x.Repository)
                    .Duplicate(x => x.Fond)
                    .Duplicate(x => x.Opis)
                    .Duplicate(x => x.File);
                opts.Storage.ExtendedSchemaObjects.Add(new Sequence(AccessionNumbers.SequenceName));
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine();

        services.AddScoped<RecordWriter>();
        services.AddScoped<Catalogue.Api.Imports.ArchivePageImporter>();
        services.AddSingleton<AccessionNumbers>();
        services.AddSingleton<ProvenanceQueries>();
        services.AddSingleton<ProvenanceReparser>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IEnumerable<Type> RecordEventTypes() =>
        typeof(IRecordEvent).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IRecordEvent)));

    /// <summary>Wolverine HTTP endpoints, request validation and problem details.</summary>
    public static WebApplicationBuilder AddCatalogueHttp(this WebApplicationBuilder builder, bool singleNode)
    {
        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(CatalogueServices).Assembly;
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
            opts.UseRuntimeCompilation();
            if (singleNode) opts.Durability.Mode = DurabilityMode.Solo;
        });
        builder.Services.AddWolverineHttp();
        builder.Services.AddValidatorsFromAssemblyContaining<FluentValidationPolicy>(ServiceLifetime.Singleton);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = ChangeContext.CorrelationIdOf(ctx.HttpContext));
        builder.Services.AddExceptionHandler<CatalogueExceptionHandler>();
        return builder;
    }

    public static WebApplication MapCatalogue(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((http, next) =>
        {
            http.Response.Headers[ChangeContext.CorrelationHeader] = ChangeContext.CorrelationIdOf(http);
            return next(http);
        });
        app.MapWolverineEndpoints(opts =>
        {
            opts.RejectUnparseableQueryValues = true;
            opts.AddPolicy<FluentValidationPolicy>();
        });
        return app;
    }
}
