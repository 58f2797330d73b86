using Catalogue.Api.Audit;
using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Security;
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
        var store = new CatalogueStoreConfiguration(connectionString);
        services.AddSingleton(store);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddMarten(opts => store.Configure(opts))
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine()
            .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.HotCold);
        services.ConfigureMarten(opts => opts.AddEventChain().AddReadModelLocks());
        services.ConfigureMarten((sp, opts) => opts.Logger(new Observability.StoreLog(sp.GetRequiredService<ILogger<IDocumentStore>>())));
        services.AddIdempotency();

        services.AddScoped<RecordWriter>();
        services.AddSingleton<RecordEventNames>();
        services.AddScoped<Catalogue.Api.Imports.ArchivePageImporter>();
        services.AddSingleton<AccessionNumbers>();
        services.AddSingleton<ProvenanceQueries>();
        services.AddSingleton<ProvenanceReparser>();
        services.AddSingleton<Audit.ReadModelMaintenance>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

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
        builder.AddCatalogueSecurity();
        builder.AddCatalogueRateLimits();
        // Long full texts are the largest bodies a command carries; a batch of pages raises the limit for itself.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimits.MaxCommandBodyBytes);
        builder.Services.AddOptions<Imports.ImportOptions>().BindConfiguration(Imports.ImportOptions.Section);
        builder.Services.AddEventChainServices(builder.Configuration);
        builder.Services.AddHostedService<StartBanner>();
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
        app.Use(RequestBodyLimits.EnforceAsync);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapWolverineEndpoints(opts =>
        {
            opts.ConfigureEndpoints(EndpointAccess.Apply);
            opts.RejectUnparseableQueryValues = true;
            opts.AddParameterHandlingStrategy<JsonCommandBodyStrategy>();
            opts.AddPolicy<FluentValidationPolicy>();
            opts.AddPolicy<RequestParametersPolicy>();
        });
        return app;
    }
}
