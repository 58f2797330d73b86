using System.Net;
using Catalogue.Api.Hosting;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// Found from outside, with the heap a 512 MiB container gives .NET: twelve full texts of 8 MiB sent at once, or one
/// import of records exported with long texts, failed with OutOfMemoryException (500), and the async read models passed
/// over an event they ran out of memory reading. Large payloads now take turns for room of a bounded size
/// (<see cref="LargePayloads"/>): a command waits for it a bounded time, an import's line as long as its import goes on,
/// and the room is let go of whatever becomes of them.
/// </summary>
public sealed class when_large_payloads_arrive_at_once(CatalogueService service) : CatalogueScenario(service)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task a_large_command_that_finds_no_room_in_time_is_refused_whole_and_taken_once_there_is_room()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("large_payloads_wait", new Dictionary<string, string>
        {
            [LargePayloads.MiBAtOnceKey] = "2",
            [LargePayloads.WaitSecondsKey] = "1",
        });
        var room = catalogue.Services.GetRequiredService<LargePayloads>();
        var record = (await catalogue.Admin.Post("/api/records", new { title = "Diary of V.M. Molotov, 1949" })).ShouldBe(HttpStatusCode.Created).Id;
        var longText = new { language = "ru", kind = "original", text = new string('ж', 600_000), version = 1 };

        using (await room.EnterAsync(2 * MiB, wait: null, CancellationToken.None))
        {
            var busy = (await catalogue.Admin.Post($"/api/records/{record}/full-texts", longText)).ShouldBe(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("The service is busy with other large requests", busy.Json["title"]!.GetValue<string>());
            Assert.Contains("Nothing was changed", busy.Json["detail"]!.GetValue<string>());
            Assert.True(busy.Headers.RetryAfter is not null, "Retry-After");
            Assert.Equal(1, await catalogue.Admin.CurrentVersion(record));
            // A small command never waits.
            (await catalogue.Admin.Post($"/api/records/{record}/subjects", new { subjects = new[] { "Sino-Soviet relations" }, version = 1 })).ShouldBe(HttpStatusCode.OK);
        }

        (await catalogue.Admin.Post($"/api/records/{record}/full-texts", longText with { version = 2 })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(3, await catalogue.Admin.CurrentVersion(record));
        Assert.Equal(2, room.AvailableMiB);
    }

    /// <summary>
    /// Each line larger than the threshold holds room until its run is written; a line waiting for room must not be the
    /// one the run holding it waits for (the first build of this hung here).
    /// </summary>
    [Fact]
    public async Task an_import_of_lines_each_larger_than_the_room_finishes_and_lets_go_of_it()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("large_payloads_import", new Dictionary<string, string> { [LargePayloads.MiBAtOnceKey] = "1" });
        var room = catalogue.Services.GetRequiredService<LargePayloads>();
        var text = new string('ж', 700_000);
        var lines = string.Concat(Enumerable.Range(1, 4).Select(n => $$"""{"title":"Long record {{n}}","fullTexts":[{"language":"ru","kind":"original","text":"{{text}}"}]}""" + "\n"))
                    + """{"title":"A short record"}""" + "\n"
                    + $$"""{"title":"A long record refused","dates":[{"role":"created","asWritten":"1949","edtf":"1949-13"}],"fullTexts":[{"language":"ru","kind":"original","text":"{{text}}"}]}""" + "\n";

        // Bounded only so that a hang fails the test rather than the suite; it takes seconds.
        var imported = (await catalogue.Admin.PostRaw("/api/imports/jsonl", lines, "application/x-ndjson").WaitAsync(TimeSpan.FromMinutes(2))).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(5, imported["created"]!.GetValue<long>());
        Assert.Equal(1, imported["rejected"]!.GetValue<long>());
        Assert.Equal(1, room.AvailableMiB);

        // A spreadsheet's row is measured in characters once read.
        var rows = "title,full_text\n" + string.Concat(Enumerable.Range(1, 3).Select(n => $"Long row {n},{new string('ж', 1_100_000)}\n"));
        var fromSpreadsheet = (await catalogue.Admin.PostRaw("/api/imports/csv", rows, "text/csv")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(3, fromSpreadsheet["created"]!.GetValue<long>());
        Assert.Equal(1, room.AvailableMiB);
    }
}
