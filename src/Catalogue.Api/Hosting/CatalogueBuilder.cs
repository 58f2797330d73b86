using Catalogue.Api.Hosting.EmbeddedPostgres;
using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Connections;
using Wolverine.Http;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The host, and what each capability adds to it beside its own code: its part of the Marten model, its services,
/// its part of the request pipeline, its command-line verbs, and what must hold before it serves. Program.cs lists
/// the capabilities; <see cref="RunAsync"/> runs them as the service or as the verb the command line names.
/// </summary>
public sealed class CatalogueBuilder
{
    private readonly string[] _args;
    private readonly List<Action<StoreOptions>> _model = [];
    private readonly List<ReadModel> _readModels = [];
    private readonly List<Action<WebApplicationBuilder>> _services = [];
    private readonly List<Action<IServiceCollection>> _beforeTheDaemon = [];
    private readonly List<Action<WebApplication>> _pipeline = [];
    private readonly List<Action<WolverineHttpOptions>> _endpoints = [];
    private readonly List<Func<IServiceProvider, CancellationToken, Task<string?>>> _startRefusals = [];

    public CatalogueBuilder(string[] args)
    {
        _args = args;
        RunsTheService = CatalogueCommandLine.RunsTheService(args);
        Verbs = new CatalogueVerbs(
            first: [new Verb("", "(no verb)", $"run the service; --urls URL chooses where it listens (default {CatalogueDatabase.DefaultUrl})")],
            last:
            [
                new Verb("database", SharedDatabaseCommandLine.Usage, SharedDatabaseCommandLine.Description, SharedDatabaseCommandLine.RunAsync)
                {
                    Refuses = args => args.Length > 0 ? $"usage: {SharedDatabaseCommandLine.Usage} (it takes no arguments)" : null,
                },
                new Verb("healthcheck", "healthcheck [URL]", $"exit 0 when the service at URL (default {HealthProbe.DefaultUrl}) is healthy", HealthProbe.RunAsync)
                {
                    Offline = true,
                    Refuses = HealthProbe.Refuses,
                },
                new Verb("help", "help [--all | VERB]", "this list; --all adds the Critter Stack's verbs"),
            ]);
    }

    /// <summary>False for a command-line verb: the console then shows only what the verb prints, and warnings and errors.</summary>
    public bool RunsTheService { get; }

    public CatalogueVerbs Verbs { get; }

    /// <summary>
    /// The catalogue's Marten model as every store over its events has it — the events and their stored names, the
    /// documents and their indexes — for the live store and for the scratch store read-model maintenance rebuilds into
    /// (<see cref="CatalogueStoreConfiguration"/>). What only the live store may have (the chain's sealer and guards,
    /// logging) a capability adds with Marten's own <c>ConfigureMarten</c> in <see cref="Services"/>.
    /// </summary>
    public CatalogueBuilder Model(Action<StoreOptions> configure)
    {
        _model.Add(configure);
        return this;
    }

    /// <summary>
    /// A read model: its projection, run inline with the appends it folds, and its documents' indexes; part of the
    /// <see cref="Model"/>, and rebuilt and checked by read-model maintenance.
    /// </summary>
    public CatalogueBuilder ReadModel<TProjection, TReadModel>(Action<StoreOptions>? indexes = null)
        where TProjection : IProjectionSource<IDocumentOperations, IQuerySession>, new() =>
        AddReadModel<TProjection, TReadModel>(ProjectionLifecycle.Inline, indexes);

    /// <summary>
    /// A read model run by the async daemon the service already runs (HotCold: one node at a time), a moment after the
    /// appends it folds and in their order, so commands never wait for it. Its progress is shown by
    /// <c>GET /api/projections</c>, a command can wait for it (<c>Prefer: wait-for-projections=N</c>), and it is rebuilt
    /// and checked with the others.
    /// </summary>
    /// <param name="alsoWrites">Further document types the projection keeps beside <typeparamref name="TReadModel"/>, rebuilt and checked with it.</param>
    public CatalogueBuilder AsyncReadModel<TProjection, TReadModel>(Action<StoreOptions>? indexes = null, IReadOnlyList<Type>? alsoWrites = null)
        where TProjection : IProjectionSource<IDocumentOperations, IQuerySession>, new() =>
        AddReadModel<TProjection, TReadModel>(ProjectionLifecycle.Async, indexes, alsoWrites);

    private CatalogueBuilder AddReadModel<TProjection, TReadModel>(ProjectionLifecycle lifecycle, Action<StoreOptions>? indexes, IReadOnlyList<Type>? alsoWrites = null)
        where TProjection : IProjectionSource<IDocumentOperations, IQuerySession>, new()
    {
        var readModel = new ReadModel(typeof(TProjection), typeof(TReadModel), lifecycle, () => new TProjection(), indexes, alsoWrites);
        // Said at start-up rather than at the first rebuild: a read model a rebuild could not build in its one pass.
        Audit.StreamFolds.PassFoldOf(readModel);
        _readModels.Add(readModel);
        return this;
    }

    /// <summary>
    /// Services the host starts before the async daemon (hosted services that must look at a read model's tables before
    /// the daemon writes to them); added only when the service runs, not for a command-line verb.
    /// </summary>
    public CatalogueBuilder BeforeTheDaemon(Action<IServiceCollection> configure)
    {
        if (RunsTheService) _beforeTheDaemon.Add(configure);
        return this;
    }

    /// <summary>Services, configuration and live-store settings, added once the host has its database, store and endpoints.</summary>
    public CatalogueBuilder Services(Action<WebApplicationBuilder> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>Middleware between the host's own (errors, correlation, body limits) and the endpoints.</summary>
    public CatalogueBuilder Pipeline(Action<WebApplication> configure)
    {
        _pipeline.Add(configure);
        return this;
    }

    /// <summary>Policies on every Wolverine endpoint.</summary>
    public CatalogueBuilder Endpoints(Action<WolverineHttpOptions> configure)
    {
        _endpoints.Add(configure);
        return this;
    }

    public CatalogueBuilder Verb(Verb verb)
    {
        Verbs.Add(verb);
        return this;
    }

    /// <summary>A check run once the store is reachable, before the service serves: the reason it must not start, or null.</summary>
    public CatalogueBuilder RefuseToStartWhen(Func<IServiceProvider, CancellationToken, Task<string?>> refusal)
    {
        _startRefusals.Add(refusal);
        return this;
    }

    /// <summary>The store as the capabilities model it, on <paramref name="connectionString"/>.</summary>
    public CatalogueStoreConfiguration Store(string connectionString) => new(connectionString, _model, _readModels);

    /// <summary>Answers the command line, or serves until stopped.</summary>
    /// <returns>The process's exit code.</returns>
    public async Task<int> RunAsync()
    {
        if (await CatalogueCommandLine.AnswerBeforeStartAsync(Verbs, _args, Console.Out, Console.Error) is { } answered) return answered;

        // Settings files are read once: watching them for changes watched every folder under the content root (the
        // repository's 430 at its root, the embedded cluster's data among them, woken by each of PostgreSQL's writes)
        // and slowed each start, and the service reads its settings when it starts anyway. A later argument overrides it.
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. _args]);
        // An in-process test host (WebApplicationFactory, in the Testing environment) listens nowhere, so a taken port
        // is no reason to refuse it; and no one reads its console, so what would stop a real start with a line there
        // is thrown to the test instead, which then fails saying why.
        var testHost = builder.Environment.IsEnvironment("Testing");
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(CatalogueDatabase.DefaultUrl);
        }

        // Before the database: a second start beside a running service would otherwise join that service's database first.
        if (RunsTheService && !testHost
            && ListeningAddresses.Refusal(builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? CatalogueDatabase.DefaultUrl, builder.Configuration, builder.Environment.ContentRootPath) is { } refusal)
        {
            await Console.Error.WriteLineAsync(refusal);
            return 2;
        }

        try
        {
            return await StartAsync(builder, testHost);
        }
        catch (Exception e) when (!testHost && CatalogueConfigurationException.In(e) is { } setting)
        {
            // A setting is read when the part that needs it is set up, some after the database is up: wherever it
            // is found wanting, the start ends with the one line that names it.
            await Console.Error.WriteLineAsync($"Catalogue will not start. {setting.Message}");
            return 2;
        }
        catch (Exception e) when (!testHost && CatalogueExceptionHandler.ConnectionRefused(e) is { } refused)
        {
            // The server answered, and said no: no wait mends a database or role that is not there, or a password.
            await Console.Error.WriteLineAsync(
                $"Catalogue will not start: the catalogue database refused the connection ({refused}). "
                + "Check the database, user and password ConnectionStrings:Catalogue names.");
            return 2;
        }
        catch (Exception e) when (!testHost && CatalogueExceptionHandler.DatabaseProblem(e) is not null)
        {
            // Not a setting to mend but a database to wait for: exit 1, and a restart policy starts it again.
            await Console.Error.WriteLineAsync(
                $"Catalogue will not start: the catalogue database cannot be reached ({Reason(e)}). Check ConnectionStrings:Catalogue, or start PostgreSQL first.");
            return 1;
        }
    }

    private static string Reason(Exception e) =>
        string.Join(": ", new[] { e.Message, e.InnerException?.Message }.Where(m => !string.IsNullOrEmpty(m)).Distinct()).TrimEnd('.');

    private async Task<int> StartAsync(WebApplicationBuilder builder, bool testHost)
    {
        // Taken from the start, so that a verb interrupted even as the embedded cluster starts or stops still stops it;
        // the service's own host takes the signals when it runs.
        using var interruption = Verbs.Running(_args) is null ? null : new VerbInterruption();
        CatalogueDatabase database;
        try
        {
            database = await CatalogueDatabase.ResolveAsync(builder.Configuration, RunsTheService);
        }
        catch (EmbeddedPostgresException ex) when (!testHost)
        {
            await Console.Error.WriteLineAsync($"Catalogue could not start its embedded PostgreSQL.\n{ex.Message}");
            return 2;
        }

        await using var stopsTheEmbeddedClusterOnExit = database;
        // An embedded cluster this process started serves only this node; so does the database of a test host. One
        // another process serves (the `database` verb's) may serve several nodes.
        builder.AddCatalogueHost(database, Store(database.ConnectionString), singleNode: (database.IsEmbedded && !database.IsSharedEmbedded) || testHost, _beforeTheDaemon);
        foreach (var configure in _services) configure(builder);
        builder.Services.AddHostedService<StartBanner>();

        var app = builder.Build();
        // The settings' rules (ValidateOnStart) are checked here rather than as the host starts, where a broken one is
        // logged with a stack trace as "Hosting failed to start": the verbs read the same settings, and never start it.
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        // The catalogue's verbs read and write through services, not endpoints. Mapping the endpoints builds every one of
        // them with what it needs (their code is compiled ahead of time), and a verb run in an auditor's folder would
        // then leave the service's development signing key there.
        try
        {
            var verb = Verbs.RunAsync(app.Services, _args, Console.Out, Console.Error, interruption?.Token ?? CancellationToken.None);
            if (await (interruption is null ? verb : interruption.OutlastAsync(verb)) is { } exit)
            {
                // A verb that stopped of itself on the signal (an import, which says how to resume) ends as one the signal ended.
                return exit != 0 && interruption?.Received is not null ? interruption.ExitCode : exit;
            }
        }
        catch (OperationCanceledException) when (interruption?.Received is { } signal)
        {
            await Console.Error.WriteLineAsync($"Interrupted ({signal}): `{_args[0]}` stopped before it was done.");
            return interruption.ExitCode;
        }

        app.UseCatalogueHost(_pipeline, _endpoints);
        if (!RunsTheService) return await app.RunJasperFxCommands(_args);

        // The schema is brought up to date as the host starts; asked first here, a database that cannot be reached ends
        // the start with one line rather than the host's "Hosting failed to start" and a stack trace. Done once either way.
        if (!testHost) await app.Services.GetRequiredService<CatalogueSchemaUpdates>().EnsureAsync();

        // Checked before the host starts, so a refusal leaves nothing half-started and says one thing.
        foreach (var check in _startRefusals)
        {
            if (await check(app.Services, CancellationToken.None) is not { } reason) continue;
            if (testHost) throw new CatalogueRefusedToStart(reason);
            await Console.Error.WriteLineAsync($"Catalogue will not start. {reason}");
            return 2;
        }

        return await ServeAsync(app);
    }

    /// <summary>
    /// Runs the service until it is stopped. JasperFx's <c>run</c> would announce that it bypasses itself whenever
    /// <c>--urls</c> is given, and answer 0 even when the host failed to start.
    /// </summary>
    private static async Task<int> ServeAsync(WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (CannotListen(e) is { } reason)
        {
            await Console.Error.WriteLineAsync($"Catalogue will not start: {reason}");
            return 2;
        }
    }

    private static string? CannotListen(Exception e) => e switch
    {
        // Taken between the check before the start and the bind (ListeningAddresses tries both first).
        IOException { InnerException: AddressInUseException } => $"{e.Message} Is Catalogue already running? Use --urls to choose another address.",
        InvalidOperationException when e.Message.StartsWith("Unable to configure HTTPS endpoint", StringComparison.Ordinal) =>
            "it has no certificate to listen over https:// with. Set Kestrel:Certificates:Default:Path (and :Password or :KeyPath), "
            + "or listen over http:// behind a proxy that holds the certificate (deploy/nginx).",
        _ => null,
    };
}

/// <summary>A check before serving refused the start (a test host's equivalent of "Catalogue will not start"); the message says why.</summary>
public sealed class CatalogueRefusedToStart(string reason) : Exception(reason);
