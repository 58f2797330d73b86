using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// HTTP::OAI's harvester (<c>oai_pmh</c>, Debian's libhttp-oai-perl), a client written by others for real providers,
/// harvests the service running as its own process: every record across every page, in both formats, by set.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed partial class a_real_harvester_harvests_the_catalogue(CatalogueService service) : CatalogueScenario(service)
{
    private const string AdminKey = "cat_oai-harvest-admin-key";

    private static string Harvester()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(folder => Path.Combine(folder, "oai_pmh")).FirstOrDefault(File.Exists);
        Assert.True(found is not null, "The OAI-PMH harvester oai_pmh is not installed: apt-get install libhttp-oai-perl (see the README's Two commands; .ci/run installs it).");
        return found!;
    }

    private static async Task<string> Harvest(Uri service, params string[] arguments)
    {
        var (succeeded, said) = await TryHarvest(service, arguments);
        Assert.True(succeeded, said);
        return said;
    }

    /// <returns>Whether the harvester exited cleanly without reporting an error, and everything it wrote.</returns>
    private static async Task<(bool Succeeded, string Said)> TryHarvest(Uri service, params string[] arguments)
    {
        var start = new ProcessStartInfo(Harvester()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(new Uri(service, "/oai").ToString());
        using var harvester = Process.Start(start)!;
        var output = harvester.StandardOutput.ReadToEndAsync();
        var errors = harvester.StandardError.ReadToEndAsync();
        await harvester.WaitForExitAsync();
        var said = await output + await errors;
        return (harvester.ExitCode == 0 && !said.Contains("Error", StringComparison.Ordinal), said);
    }

    private static IReadOnlyList<string> Identifiers(string harvested) => [.. HarvestedIdentifier().Matches(harvested).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"identifier: (oai:\S+)")]
    private static partial Regex HarvestedIdentifier();

    [Fact]
    public async Task every_published_record_is_harvested_across_pages_in_both_formats()
    {
        var connectionString = await Service.NewDatabaseAsync("catalogue_oai_harvest");
        using var running = CatalogueCli.LaunchService(connectionString, new Dictionary<string, string>
        {
            ["Catalogue__ApiKeys__operator__Key"] = AdminKey,
            ["Catalogue__ApiKeys__operator__Role"] = "admin",
            ["Catalogue__Interop__OaiRecordsPerPage"] = "4",
            ["Catalogue__Interop__OaiIdentifiersPerPage"] = "4",
        });
        await running.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = running.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var published = new List<Guid>();
        for (var i = 1; i <= 10; i++)
        {
            var id = (await (await http.PostAsJsonAsync("/api/records", new { title = $"Memorandum {i:D2}" })).Content.ReadFromJsonAsync<CommandReply>())!.Id;
            var citation = i <= 6 ? $"AVPRF, f. 0100, op. 42, por. 19, pap. 288, l. {i}" : $"RGASPI, f. 558, op. 11, d. 342, l. {i}";
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/records/{id}/provenance", new { version = 1, citation })).StatusCode);
            if (i == 10) continue;
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/records/{id}/publish", new { version = 2 })).StatusCode);
            published.Add(id);
        }

        // The harvest index is an async read model: wait until it holds all nine, as a harvester's next visit would.
        await Eventually.Until(
            () => TryHarvest(running.Address, "-X", "ListIdentifiers", "--metadataPrefix", "oai_dc"), harvested => Identifiers(harvested.Said).Count == 9,
            "the harvest index to hold the nine published records", describe: harvested => harvested.Said);

        var dublinCore = await Harvest(running.Address, "--metadataPrefix", "oai_dc");
        var ead = await Harvest(running.Address, "-X", "ListRecords", "--metadataPrefix", "ead3");
        var fond = await Harvest(running.Address, "-X", "ListIdentifiers", "--metadataPrefix", "oai_dc", "--set", "RGASPI:558");
        var one = await Harvest(running.Address, "-X", "GetRecord", "--metadataPrefix", "oai_dc", "--identifier", $"oai:127.0.0.1:{published[0]}");

        var expected = published.Select(id => $"oai:127.0.0.1:{id}").Order().ToList();
        Assert.Equal(expected, Identifiers(dublinCore).Order());
        Assert.Equal(expected, Identifiers(ead).Order());
        Assert.Equal(9, Regex.Matches(dublinCore, "<dc:title>Memorandum 0?[1-9]</dc:title>").Count);
        Assert.Equal(9, Regex.Matches(ead, "<unittitle>Memorandum 0?[1-9]</unittitle>").Count);
        Assert.Equal(published.Skip(6).Select(id => $"oai:127.0.0.1:{id}").Order(), Identifiers(fond).Order());
        Assert.Contains("<dc:title>Memorandum 01</dc:title>", one);
    }

    private sealed record CommandReply(Guid Id, long Version);
}
