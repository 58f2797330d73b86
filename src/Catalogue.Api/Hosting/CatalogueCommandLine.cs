using Catalogue.Api.Imports;
using Catalogue.Api.Records.Writing;
using JasperFx;
using Marten;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The service's command line: no verb runs the service; <c>import FILE...</c> imports archive pages;
/// every other verb is a Critter Stack command (<c>codegen</c>, <c>db-apply</c>, <c>db-patch</c>, <c>projections</c>, …).
/// </summary>
public static class CatalogueCommandLine
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args.Length > 0 && args[0] == "import") return await ImportAsync(app, args[1..]);
        return await app.RunJasperFxCommands(args);
    }

    private static async Task<int> ImportAsync(WebApplication app, string[] files)
    {
        if (files.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: import FILE [FILE...]   (each FILE the text of a Wilson Center Digital Archive document page)");
            return 64;
        }

        await app.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var failures = 0;
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                await Console.Error.WriteLineAsync($"{file}: no such file");
                failures++;
                continue;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<ArchivePageImporter>();
            var context = new ChangeContext(
                $"cli:{Environment.UserName}", Guid.NewGuid().ToString("N"), $"cli import {Path.GetFileName(file)}", Reason: null);
            var outcome = await importer.ImportAsync(await File.ReadAllTextAsync(file), context, CancellationToken.None);
            Console.WriteLine(outcome.Describe(file));
            if (outcome.Status == ImportStatus.Rejected) failures++;
        }

        return failures == 0 ? 0 : 1;
    }
}
