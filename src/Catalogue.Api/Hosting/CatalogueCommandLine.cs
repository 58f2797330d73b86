using Catalogue.Api.Imports;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records.Writing;
using JasperFx;
using Marten;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The service's command line: no verb runs the service; <c>import FILE...</c> imports archive pages; <c>reparse</c>
/// re-reads every stored citation with the current parser; <c>verify-projections</c> compares the read models with a
/// rebuild from the events;
/// every other verb is a Critter Stack command (<c>codegen</c>, <c>db-apply</c>, <c>db-patch</c>, <c>projections</c>, …).
/// </summary>
public static class CatalogueCommandLine
{
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
            // Checked before the host starts, so a refusal leaves nothing half-started and says one thing.
            if (RunsTheService(args) && await Security.ConfiguredKeyNames.ClashAsync(app.Services, CancellationToken.None) is { } clash)
            {
                // A test host has no console to read: under Testing the exception itself reaches the test and says why.
                if (app.Environment.IsEnvironment("Testing")) throw new Security.KeyNameClashException(clash);
                await Console.Error.WriteLineAsync($"Catalogue will not start. {clash}");
                return 2;
            }

            return await app.RunJasperFxCommands(args);
        }

        // The host is not started for these verbs, so nothing else has brought the schema up to date.
        await app.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return await verb();
    }

    /// <summary>JasperFx's own rule: no verb, or only options, means <c>run</c>.</summary>
    private static bool RunsTheService(string[] args) => args is [] or ["run", ..] || args[0].StartsWith('-');

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
                if (await keys.RevokeAsync(name, actor, CancellationToken.None)) return 0;
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
                return 64;
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
            return 64;
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
