using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using JasperFx.CodeGeneration;
using Marten;
using Npgsql;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Catalogue.Api.Hosting;

/// <summary>The host's own services and request pipeline; each capability adds its own beside its code.</summary>
public static class CatalogueServices
{
    /// <summary>
    /// The database, Marten's event store on it (modelled by the capabilities), Wolverine's HTTP endpoints, problem
    /// details, the handler of failures and the limit on a command's body.
    /// </summary>
    /// <param name="singleNode">True when no other node can share the database, so Wolverine need not coordinate with one.</param>
    /// <param name="beforeTheDaemon">Services the capabilities start before the async daemon (<see cref="CatalogueBuilder.BeforeTheDaemon"/>).</param>
    public static WebApplicationBuilder AddCatalogueHost(
        this WebApplicationBuilder builder, CatalogueDatabase database, CatalogueStoreConfiguration store, bool singleNode, IEnumerable<Action<IServiceCollection>> beforeTheDaemon)
    {
        var services = builder.Services;
        // Registered through a factory so the container owns it: a host that never reaches the end of RunAsync (a test
        // host) still stops the embedded cluster.
        services.AddSingleton(_ => database);
        services.AddSingleton(store);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(database.ConnectionString).Build());
        // Checked now, so a replica's connection string that is none ends the start with one line, not each read.
        CatalogueReads.ReplicaConnectionString(builder.Configuration);
        services.AddSingleton<CatalogueReads>();
        var marten = services.AddMarten(opts => store.Configure(opts))
            .UseNpgsqlDataSource()
            .UseLightweightSessions();
        // Before the daemon and Wolverine start: they read and write the store's tables.
        services.AddSingleton<CatalogueSchemaUpdates>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogueSchemaUpdates>());
        services.AddHostedService<IdleTransactionTimeoutCheck>();
        services.AddHostedService<Audit.AsyncReadModelsAlignment>();
        foreach (var configure in beforeTheDaemon) configure(services);
        marten
            .IntegrateWithWolverine()
            .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.HotCold);
        services.AddSingleton(TimeProvider.System);
        // Read now, so a setting that is no number ends the start with one line.
        var largePayloads = LargePayloads.From(builder.Configuration);
        services.AddSingleton(_ => largePayloads);

        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(CatalogueServices).Assembly;
            // The handlers' code is generated ahead of time (`codegen write`) and compiled with the service, so no start
            // generates or compiles code; a test fails when what is committed is not what the service would generate.
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            opts.CodeGeneration.GeneratedCodeOutputPath = GeneratedCode.Directory;
            if (singleNode) opts.Durability.Mode = DurabilityMode.Solo;
            // Its message tables are brought up to date with the store's schema, and a warm start only reads the
            // schema's comment (CatalogueSchemaUpdates): Wolverine's own migration compared every table, index and
            // constraint of them at every start, about a quarter of a second of the start on two cores.
            opts.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
        });
        services.AddWolverineHttp();
        // A number is read from a JSON number only, as a body's refusal says ("must be a whole number, not a string"):
        // ASP.NET's web defaults also read "14" as 14 but refuse " 14" and "", one rule for some strings and not others.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = ChangeContext.CorrelationIdOf(ctx.HttpContext);
            // One title for every refusal of what was sent, whichever check made it (ASP.NET's own says "One or more
            // validation errors occurred."), and a detail that says where to look.
            if (ctx.ProblemDetails is HttpValidationProblemDetails { Title: ValidationTitles.AspNetDefault } refused)
            {
                refused.Title = ValidationTitles.NotValid;
                refused.Detail ??= "See errors for each field or parameter.";
            }

            if (ctx.ProblemDetails is { Status: StatusCodes.Status404NotFound, Detail: null })
                ctx.ProblemDetails.Detail = Validation.RequestParameters.NoSuchId(ctx.HttpContext);
        });
        services.AddExceptionHandler<CatalogueExceptionHandler>();
        services.AddResponseCompression(ResponseCodings.Configure);
        // Long full texts are the largest bodies a command carries; a batch of pages raises the limit for itself.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = RequestBodyLimits.MaxCommandBodyBytes;
            // "Server: Kestrel" tells a prober what to try and a client nothing it needs.
            kestrel.AddServerHeader = false;
            RequestHeadLimits.Configure(kestrel);
        });
        return builder;
    }

    /// <summary>
    /// Routing (a HEAD answered as a GET without its body), failures as problem details, the correlation id on every
    /// answer, the long answers compressed for a client that asks, the request's line and headers within their limits,
    /// bodies as sent (no content coding but a bulk import's gzip) and the body limits, then the capabilities'
    /// middleware (<paramref name="pipeline"/>), then the endpoints with the host's reading of JSON bodies and the
    /// capabilities' policies (<paramref name="endpoints"/>).
    /// </summary>
    public static WebApplication UseCatalogueHost(
        this WebApplication app, IEnumerable<Action<WebApplication>> pipeline, IEnumerable<Action<WolverineHttpOptions>> endpoints)
    {
        // Routing is where the host would place it by itself (first), with a HEAD routed to the GET endpoints.
        app.Use(HeadRequests.RouteAsGetAsync);
        app.UseRouting();
        app.Use(HeadRequests.AnswerAsHeadAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((http, next) =>
        {
            http.Response.Headers[ChangeContext.CorrelationHeader] = ChangeContext.CorrelationIdOf(http);
            // Every answer is read as the type it says: a record's JSON carries archivists' text as written ("<", "&"
            // included), which no browser may take for a page of its own.
            http.Response.Headers.XContentTypeOptions = "nosniff";
            // Nothing the service answers is meant to be shown inside another site's page (the API reference at /docs
            // included), where a click could be taken for the reader's own.
            http.Response.Headers.XFrameOptions = "DENY";
            http.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            return next(http);
        });
        app.UseResponseCompression();
        app.Use(RequestHeadLimits.EnforceAsync);
        app.Use(ContentEncodings.RefuseCodedBodiesAsync);
        app.Use(RequestBodyLimits.EnforceAsync);
        foreach (var configure in pipeline) configure(app);
        app.MapWolverineEndpoints(opts =>
        {
            opts.AddParameterHandlingStrategy<JsonCommandBodyStrategy>();
            foreach (var configure in endpoints) configure(opts);
        });
        return app;
    }
}
