using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>
/// An auditor runs the README's "Auditing the chain offline" steps as written, at the repository root, against a
/// running service: each step works, and every file it writes lands in the auditor's own folder, none in the
/// repository.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_an_auditor_follows_the_readme_offline(CatalogueService service) : CatalogueScenario(service)
{
    private const string AdminKey = "cat_offline-audit-admin-key";

    [Fact]
    public async Task every_step_works_and_its_files_stay_in_the_auditors_folder()
    {
        var connectionString = await Service.NewDatabaseAsync("catalogue_offline_audit");
        using var running = await CatalogueCli.StartServiceAsync(connectionString, AdminKey);
        await SomethingSealed(running.Address);
        var repository = Directory.CreateTempSubdirectory("catalogue-repository-");
        var home = Directory.CreateTempSubdirectory("catalogue-auditor-");
        try
        {
            var script = string.Join('\n', ["set -eu", .. ReadmeSteps()])
                .Replace("dotnet run --project src/Catalogue.Api --", $"dotnet {CatalogueCli.ServiceDll}", StringComparison.Ordinal)
                .Replace("dotnet run --no-build --project src/Catalogue.Api --", $"dotnet {CatalogueCli.ServiceDll}", StringComparison.Ordinal)
                .Replace("dotnet build src/Catalogue.Api", "true", StringComparison.Ordinal)
                .Replace("http://127.0.0.1:5080", running.Address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
            var shell = new ProcessStartInfo("/bin/bash", ["-c", script])
            {
                WorkingDirectory = repository.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            shell.Environment["key"] = AdminKey;
            shell.Environment["HOME"] = home.FullName;
            shell.Environment["ConnectionStrings__Catalogue"] = connectionString;
            using var steps = Process.Start(shell)!;
            var output = steps.StandardOutput.ReadToEndAsync();
            var errors = steps.StandardError.ReadToEndAsync();
            await steps.WaitForExitAsync();
            var said = await output + await errors;

            Assert.True(steps.ExitCode == 0, $"{said}\n---\n{script}");
            Assert.Contains("intact: ", said);
            Assert.Contains("written to standard output", said);
            // Once for the export in the auditor's folder, once for the one streamed into the check.
            Assert.Equal(2, said.Split("matches the export and its signature verifies").Length - 1);
            Assert.Contains("Verified OK", said);
            Assert.Empty(repository.EnumerateFileSystemInfos().Select(f => f.Name));
            Assert.Contains("events.jsonl", Directory.EnumerateFiles(Path.Combine(home.FullName, "catalogue-audit")).Select(Path.GetFileName));
        }
        finally
        {
            repository.Delete(recursive: true);
            home.Delete(recursive: true);
        }
    }

    /// <summary>The shell blocks of the README's "Auditing the chain offline", in order.</summary>
    private static IEnumerable<string> ReadmeSteps()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("### Auditing the chain offline", StringComparison.Ordinal);
        var section = readme[start..readme.IndexOf("\n### ", start + 1, StringComparison.Ordinal)];
        var blocks = section.Split("```sh\n")[1..].Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).ToList();
        Assert.Equal(5, blocks.Count);
        return blocks;
    }

    /// <summary>A checkpoint signs the sealed head: give it an event, sealed.</summary>
    private static async Task SomethingSealed(Uri service)
    {
        using var http = new HttpClient { BaseAddress = service };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        (await http.PostAsJsonAsync("/api/records", new { title = "Audited offline" })).EnsureSuccessStatusCode();
        await Eventually.Until(
            async () => JsonNode.Parse(await http.GetStringAsync("/api/audit/verify"))!,
            verification => verification["sealedCount"]!.GetValue<long>() > 0 && verification["unsealedBacklog"]!.GetValue<long>() == 0,
            "the event to be sealed", every: TimeSpan.FromMilliseconds(200));
    }
}
