using Catalogue.Api.Imports;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records.Writing;
using JasperFx;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Connections;
using Spectre.Console;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The service's command line: no verb runs the service; Catalogue's own verbs (<see cref="Verbs"/>) come first, and
/// the Critter Stack's (<c>db-apply</c>, <c>db-dump</c>, <c>db-patch</c>, <c>codegen</c>, …) are reached after them.
/// </summary>
public static class CatalogueCommandLine
{
    /// <summary>The exit code of a command line that names no verb or misuses one (BSD's EX_USAGE).</summary>
    public const int UsageError = 64;

    /// <summary>Catalogue's verbs, as <c>help</c> lists them.</summary>
    public static readonly IReadOnlyList<(string Verb, string Usage, string Description)> Verbs =
    [
        ("", "(no verb)", $"run the service; --urls URL chooses where it listens (default {CatalogueDatabase.DefaultUrl})"),
        ("import", "import FILE...", "import archive pages, each read and refused as POST /api/imports would; exit 1 if any was refused"),
        ("keys", "keys create NAME --role ROLE | keys revoke NAME | keys list", "create, revoke or list API keys (roles: " + string.Join(", ", Security.Roles.All) + ")"),
        ("reparse", "reparse", "re-read every stored citation with the current citation parser and print what changed"),
        ("projections", "projections rebuild", "rebuild the read models from the events while the service serves (the event chain's sealer is not rebuilt)"),
        ("verify-projections", "verify-projections", "compare the read models with a rebuild from the events; exit 1 if they differ"),
        ("verify", "verify [--record ID]", "check the event chain against its seals and signed checkpoints; exit 1 if it is broken"),
        ("checkpoint", "checkpoint", "sign the head of the event chain now"),
        ("export-events", "export-events FILE", "write every event with its seal to FILE, to be checked offline with verify-export"),
        ("verify-export", "verify-export FILE [--checkpoint CHECKPOINT.json --public-key KEY.pem]", "check an export without the database; exit 1 if it is broken"),
        ("healthcheck", "healthcheck [URL]", "exit 0 when the service at URL (default http://127.0.0.1:5080/health) is healthy"),
        ("help", "help [--all | VERB]", "this list; --all adds the Critter Stack's verbs"),
    ];

    /// <summary>
    /// The Critter Stack's verbs Catalogue does not offer, and why; <c>run</c> and <c>help</c> are Catalogue's own.
    /// </summary>
    private static readonly Dictionary<string, string> Withheld = new()
    {
        ["openapi"] = "Catalogue publishes no OpenAPI document (it would need a provider the service does not have); the README's \"The API\" lists every request.",
        ["run"] = "",
        ["help"] = "",
    };

    /// <summary>JasperFx's own rule: no verb, or only options, means <c>run</c>.</summary>
    public static bool RunsTheService(string[] args) => args is [] or ["run", ..] || (args[0].StartsWith('-') && !IsHelp(args[0]));

    /// <summary>
    /// Answers what needs neither the service nor its database — help, and a verb that does not exist — so that
    /// nothing starts for them. Null when <paramref name="args"/> names a verb to run.
    /// </summary>
    public static async Task<int?> AnswerBeforeStartAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args is [var first, ..] && IsHelp(first))
        {
            return await HelpAsync(args[1..], output, error);
        }

        if (args is ["projections", "rebuild", _, ..])
        {
            // The Critter Stack's rebuild of one projection would tear the live read model down, as its whole rebuild would.
            await error.WriteLineAsync("usage: projections rebuild   (it takes no arguments: it rebuilds every read model, in one transaction)");
            return UsageError;
        }

        if (RunsTheService(args) || Verbs.Any(v => v.Verb == args[0])) return null;
        var framework = FrameworkVerbs();
        if (framework.Any(v => v.Verb == args[0]))
        {
            // Its own "Searching … for commands" lines say nothing to the person who typed the verb.
            new CommandFactory().ApplyExtensions(new ServiceCollection());
            return null;
        }

        await error.WriteLineAsync(Withheld.GetValueOrDefault(args[0]) is { Length: > 0 } why
            ? $"'{args[0]}' is not offered: {why}"
            : $"Unknown verb '{args[0]}'.{Suggestion(args[0], framework)} `help` lists the verbs.");
        return UsageError;
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        Func<Task<int>>? verb = args switch
        {
            ["import", .. var files] => () => ImportAsync(app, files),
            ["reparse"] => () => ReparseAsync(app),
            ["verify-projections"] => () => VerifyProjectionsAsync(app),
            ["projections", "rebuild"] => () => RebuildProjectionsAsync(app),
            ["keys", .. var rest] => () => KeysAsync(app, rest),
            _ => null,
        };
        if (verb is null)
        {
            if (await Audit.Chain.ChainCommandLine.TryRunAsync(app, args) is { } chain) return chain;
            if (!RunsTheService(args)) return await app.RunJasperFxCommands(args);

            // Checked before the host starts, so a refusal leaves nothing half-started and says one thing.
            if (await Security.ConfiguredKeyNames.ClashAsync(app.Services, CancellationToken.None) is { } clash)
            {
                // A test host has no console to read: under Testing the exception itself reaches the test and says why.
                if (app.Environment.IsEnvironment("Testing")) throw new Security.KeyNameClashException(clash);
                await Console.Error.WriteLineAsync($"Catalogue will not start. {clash}");
                return 2;
            }

            return await ServeAsync(app);
        }

        // The host is not started for these verbs, so nothing else has brought the schema up to date.
        await app.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return await verb();
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
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            // Taken between the check before the start and the bind.
            await Console.Error.WriteLineAsync($"Catalogue will not start: {e.Message} Is Catalogue already running? Use --urls to choose another address.");
            return 2;
        }
    }

    private static bool IsHelp(string arg) => arg is "help" or "--help" or "-h" or "-?" or "?";

    private static async Task<int> HelpAsync(string[] args, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            case []:
                await output.WriteAsync(Usage(framework: null));
                return 0;
            case ["--all"]:
                await output.WriteAsync(Usage(FrameworkVerbs()));
                return 0;
            case [var verb, ..] when verb != "" && Verbs.Any(v => v.Verb == verb):
                var ours = Verbs.First(v => v.Verb == verb);
                await output.WriteLineAsync($"usage: {ours.Usage}\n    {ours.Description}");
                return 0;
            case [var verb, ..] when FrameworkVerbs() is var framework && framework.Any(v => v.Verb == verb):
                new CommandFactory().ApplyExtensions(new ServiceCollection());
                return await CommandExecutor.For(RegisterFrameworkVerbs).ExecuteAsync(["help", verb]);
            default:
                await error.WriteLineAsync($"Unknown verb '{args[0]}'.{Suggestion(args[0], FrameworkVerbs())} `help` lists the verbs.");
                return UsageError;
        }
    }

    private static string Usage(IReadOnlyList<(string Verb, string Description)>? framework)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("usage: dotnet run --project src/Catalogue.Api -- [VERB] [ARGUMENTS]   (installed: Catalogue.Api [VERB] …)");
        text.AppendLine();
        AppendTable(text, Verbs.Select(v => (v.Usage, v.Description)));
        text.AppendLine();
        if (framework is null)
        {
            text.AppendLine("The Critter Stack's verbs (db-apply, db-assert, db-dump, db-patch, codegen, describe, …) come after these:");
            text.AppendLine("`help --all` lists them, `help VERB` tells how to use one.");
            return text.ToString();
        }

        text.AppendLine("The Critter Stack's verbs (`help VERB` tells how to use one):");
        text.AppendLine();
        AppendTable(text, framework);
        return text.ToString();
    }

    private static void AppendTable(System.Text.StringBuilder text, IEnumerable<(string Usage, string Description)> rows)
    {
        const int column = 26;
        foreach (var (usage, description) in rows)
        {
            text.Append("  ").Append(usage);
            if (usage.Length + 2 < column) text.Append(' ', column - usage.Length - 2).AppendLine(description);
            else text.AppendLine().Append(' ', column).AppendLine(description);
        }
    }

    /// <summary>The Critter Stack's verbs this service offers, with their own descriptions, found as JasperFx finds them.</summary>
    private static IReadOnlyList<(string Verb, string Description)> FrameworkVerbs()
    {
        var factory = new CommandFactory();
        var console = AnsiConsole.Console;
        // The search announces every assembly it looks into.
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        try
        {
            RegisterFrameworkVerbs(factory);
        }
        finally
        {
            AnsiConsole.Console = console;
        }

        return
        [
            .. factory.AllCommandTypes()
                .Select(type => (Verb: CommandFactory.CommandNameFor(type), Description: CommandFactory.DescriptionFor(type) is var said && said != type.FullName ? said : "(no description)"))
                .Where(v => !Withheld.ContainsKey(v.Verb))
                .Select(v => v.Verb == "projections" ? (v.Verb, "the projection daemon's other actions; `projections rebuild` is Catalogue's own, above") : v)
                .DistinctBy(v => v.Verb)
                .OrderBy(v => v.Verb, StringComparer.Ordinal),
        ];
    }

    private static void RegisterFrameworkVerbs(CommandFactory factory)
    {
        factory.RegisterCommands(typeof(JasperFx.CommandLine.Commands.RunCommand).Assembly);
        factory.RegisterCommandsFromExtensionAssemblies();
    }

    /// <summary>" Did you mean 'import'?" for the verb nearest to what was typed, when one is near enough to be meant.</summary>
    private static string Suggestion(string typed, IReadOnlyList<(string Verb, string Description)> framework)
    {
        var nearest = Verbs.Select(v => v.Verb).Where(v => v != "").Concat(framework.Select(v => v.Verb))
            .Select(verb => (Verb: verb, Distance: EditDistance(typed.ToLowerInvariant(), verb)))
            .OrderBy(v => v.Distance)
            .First();
        return nearest.Distance <= Math.Max(2, typed.Length / 3) ? $" Did you mean '{nearest.Verb}'?" : "";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary><c>keys create NAME --role ROLE</c>, <c>keys revoke NAME</c>, <c>keys list</c>.</summary>
    private static async Task<int> KeysAsync(WebApplication app, string[] args)
    {
        var keys = app.Services.GetRequiredService<Security.ApiKeys>();
        var actor = $"cli:{Environment.UserName}";
        switch (args)
        {
            case ["create", var name, "--role", var role] when Security.Roles.All.Contains(role):
                var issue = await keys.CreateAsync(name, role, actor, CancellationToken.None);
                if (issue.Issued is not { } issued)
                {
                    await Console.Error.WriteLineAsync(issue.Refusal);
                    return 1;
                }

                Console.WriteLine($"Key '{issued.Name}' ({issued.Role}); it is shown only now, keep it safe:");
                Console.WriteLine(issued.Key);
                return 0;
            case ["revoke", var name]:
                if (await keys.RevokeAsync(name, actor, CancellationToken.None))
                {
                    Console.WriteLine($"Revoked the key '{name}': requests sending it are refused from now on (401). Its name stays taken.");
                    return 0;
                }

                await Console.Error.WriteLineAsync($"No active key is named '{name}'.");
                return 1;
            case ["list"]:
                foreach (var key in await keys.ListAsync(CancellationToken.None))
                {
                    Console.WriteLine($"{key.Name,-24} {key.Role,-10} {key.Prefix}…  created {key.CreatedAt:u} by {key.CreatedBy}{(key.RevokedAt is { } at ? $", revoked {at:u} by {key.RevokedBy}" : "")}");
                }

                return 0;
            default:
                await Console.Error.WriteLineAsync($"usage: keys create NAME --role {string.Join("|", Security.Roles.All)} | keys revoke NAME | keys list");
                return UsageError;
        }
    }

    private static string CliActor => $"cli:{Environment.UserName}";

    /// <summary>
    /// Replaces the Critter Stack's own <c>projections rebuild</c>, which would tear the live read models down while the
    /// service serves and could lose what is appended meanwhile; this one goes through the same maintenance as the API.
    /// </summary>
    private static async Task<int> RebuildProjectionsAsync(WebApplication app)
    {
        try
        {
            var rebuilt = await app.Services.GetRequiredService<Audit.ReadModelMaintenance>().RebuildAsync(CliActor, new ConsoleLines(), CancellationToken.None);
            foreach (var model in rebuilt)
            {
                Console.WriteLine($"  {model.ReadModel}: {model.Documents} documents from the events, {model.Changed} live documents changed, {model.Seconds:F1} s");
            }

            Console.WriteLine("The event chain's sealer is not a read model: it is never rebuilt, and it went on sealing.");
            return 0;
        }
        catch (Audit.ReadModelMaintenanceBusy busy)
        {
            await Console.Error.WriteLineAsync($"Not rebuilt: already running: {busy.Running}. Try again when it has finished.");
            return 1;
        }
    }

    private static async Task<int> VerifyProjectionsAsync(WebApplication app)
    {
        Audit.ProjectionCheck check;
        try
        {
            check = await app.Services.GetRequiredService<Audit.ReadModelMaintenance>().VerifyAsync(CliActor, new ConsoleLines(), CancellationToken.None);
        }
        catch (Audit.ReadModelMaintenanceBusy busy)
        {
            await Console.Error.WriteLineAsync($"Not checked: already running: {busy.Running}. Try again when it has finished.");
            return 1;
        }

        foreach (var difference in check.Differences)
        {
            Console.WriteLine($"  {difference.ReadModel} {difference.DocumentId}: {difference.Difference}");
        }

        Console.WriteLine(check.Identical ? "Read models are identical to a rebuild from the events." : "Read models DIFFER from a rebuild from the events.");
        return check.Identical ? 0 : 1;
    }

    private static async Task<int> ReparseAsync(WebApplication app)
    {
        var context = new ChangeContext($"cli:{Environment.UserName}", Guid.NewGuid().ToString("N"), "cli reparse", Reason: null);
        var summary = await app.Services.GetRequiredService<ProvenanceReparser>().RunAsync(context, CancellationToken.None);
        Console.WriteLine(
            $"Citation parser {summary.ParserVersion}: {summary.RecordsExamined} records and {summary.ReferencesExamined} parsed references examined, " +
            $"{summary.Changes.Count} references changed in {summary.RecordsChanged} records.");
        foreach (var change in summary.Changes)
        {
            Console.WriteLine($"  {change.RecordId} #{change.Number}: {Describe(change.Before)} -> {Describe(change.After)}   [{change.Citation}]");
        }

        return 0;
    }

    private static string Describe(Records.ArchivalReference? reference) => reference is null ? "(none)" : reference.LocatorText();

    private static async Task<int> ImportAsync(WebApplication app, string[] files)
    {
        if (files.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: import FILE [FILE...]   (each FILE the text of a Wilson Center Digital Archive document page)");
            return UsageError;
        }

        var failures = 0;
        var correlation = Guid.NewGuid().ToString("N");
        foreach (var (file, item) in files.Select((f, i) => (f, i + 1)))
        {
            if (!File.Exists(file))
            {
                await Console.Error.WriteLineAsync($"{file}: no such file");
                failures++;
                continue;
            }

            var context = new ChangeContext(
                $"cli:{Environment.UserName}", correlation, $"{Imports.ArchivePageImporter.CliSourcePrefix}{Path.GetFileName(file)} (batch {correlation}, item {item} of {files.Length})",
                Reason: null, CausationId: $"file:{Path.GetFullPath(file)}");
            // Read as over HTTP: a page that is not UTF-8 is refused, not imported with replacement characters.
            BatchPage page;
            await using (var stream = File.OpenRead(file))
            {
                page = await PageBatch.ReadPageAsync(stream, item, Path.GetFileName(file), CancellationToken.None);
            }

            var outcome = page.Text is null
                ? new ImportOutcome(ImportStatus.Rejected, null, null, [], [page.Problem!], [])
                : await ArchivePageImporter.ImportInOwnScopeAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), page.Text, context, CancellationToken.None);
            Console.WriteLine(outcome.Describe(file));
            if (outcome.Status == ImportStatus.Rejected) failures++;
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>Progress written as it happens, in order (<see cref="Progress{T}"/> would post it to the thread pool).</summary>
    private sealed class ConsoleLines : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine(value);
    }
}
