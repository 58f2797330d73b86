using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Interop;

/// <summary>
/// Two archivists import the same new record at the same moment — the same page in two batches, the same line in two
/// JSON-lines files. One import makes the record; the other lost a race, not a check: its batch counts the line as a
/// conflict, apart from the lines it rejected, says to send it again, and wrote nothing of it.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_two_imports_race_for_one_record(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_page_batch_that_lost_counts_the_page_as_a_conflict_not_as_rejected()
    {
        var (first, second) = await BothAtOnce(
            () => Api.PostContent(PageBatches.Route, PageBatches.Batch(PageBatches.Page(901))),
            () => Api.PostContent(PageBatches.Route, PageBatches.Batch(PageBatches.Page(901))));

        var replies = new[] { first.ShouldBe(HttpStatusCode.OK).Json, second.ShouldBe(HttpStatusCode.OK).Json };
        var statuses = replies.Select(r => r["pages"]![0]!["status"]!.GetValue<string>()).Order();
        Assert.Equal(["conflict", "created"], statuses);
        var lost = replies.Single(r => r["pages"]![0]!["status"]!.GetValue<string>() == "conflict");
        var batch = (await Api.Get(lost["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal((1L, 0L, 0L, 1L), Counts(batch));
        Assert.Contains("already exists. Import the page again", Assert.Single(batch["problems"]!.AsArray())!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task the_json_lines_batch_that_lost_counts_the_line_as_a_conflict_and_says_to_send_it_again()
    {
        var line = $$"""{"id":"{{Guid.NewGuid()}}","title":"Telegram from Mao Zedong to Stalin"}""" + "\n";

        var (first, second) = await BothAtOnce(
            () => Api.PostRaw("/api/imports/jsonl", line, "application/x-ndjson"),
            () => Api.PostRaw("/api/imports/jsonl", line, "application/x-ndjson"));

        var batches = new[] { first.ShouldBe(HttpStatusCode.OK).Json, second.ShouldBe(HttpStatusCode.OK).Json };
        Assert.Equal([(1L, 0L, 0L, 1L), (1L, 1L, 0L, 0L)], batches.Select(Counts).Order());
        var lost = batches.Single(b => b["conflicts"]!.GetValue<long>() == 1);
        Assert.Contains("send the line again", lost["problems"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(1, await Service.ListedRecordCount());
    }

    /// <summary>A batch's lines handled, created, rejected and in conflict.</summary>
    private static (long Lines, long Created, long Rejected, long Conflicts) Counts(JsonNode batch) =>
        (batch["lines"]!.GetValue<long>(), batch["created"]!.GetValue<long>(), batch["rejected"]!.GetValue<long>(), batch["conflicts"]!.GetValue<long>());

    /// <summary>
    /// Sends both imports while no new stream can be written, and lets them go on only once both wait to write theirs:
    /// so both have decided that the record is new before either makes it, and the race is run every time.
    /// </summary>
    private async Task<(Reply First, Reply Second)> BothAtOnce(Func<Task<Reply>> first, Func<Task<Reply>> second)
    {
        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var hold = await connection.BeginTransactionAsync();
        await using (var lockStreams = new NpgsqlCommand($"lock table {CatalogueSchema.Name}.mt_streams in exclusive mode", connection, hold))
        {
            await lockStreams.ExecuteNonQueryAsync();
        }

        var both = Task.WhenAll(first(), second());
        await Eventually.Until(() => WaitingForStreams(connection, hold), waiting => waiting == 2, "both imports to wait to write their record's stream");
        await hold.RollbackAsync();
        var replies = await both;
        return (replies[0], replies[1]);
    }

    private static async Task<long> WaitingForStreams(NpgsqlConnection connection, NpgsqlTransaction hold)
    {
        await using var waiting = new NpgsqlCommand(
            $"select count(*) from pg_locks where relation = '{CatalogueSchema.Name}.mt_streams'::regclass and not granted", connection, hold);
        return (long)(await waiting.ExecuteScalarAsync())!;
    }
}
