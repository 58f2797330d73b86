using System.Net;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// Two archivists save a change to one record against the same version, and both reach the database before either has
/// committed. One wins; the other hears 409 as always. What the loser must not do is draw an event number on its way:
/// a number drawn and never written is a gap in the events, and the async read models wait at a gap (about three
/// seconds, Marten's stale-sequence threshold) before they pass it — every list, search and read-your-writes wait with
/// them.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_two_archivists_save_one_record_at_the_same_instant(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly string Events = $"{CatalogueSchema.Name}.mt_events";

    [Fact]
    public async Task the_one_who_loses_hears_409_and_leaves_no_gap_in_the_events()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("same_instant");
        var id = (await catalogue.Admin.AccessionTheSeed()).Id;
        var version = await catalogue.Admin.CurrentVersion(id);

        // The first archivist's save, held between its append and its commit.
        await using var connection = new NpgsqlConnection(catalogue.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var store = catalogue.Services.GetRequiredService<IDocumentStore>();
        await using (var first = store.LightweightSession(SessionOptions.ForTransaction(transaction)))
        {
            var stream = await first.Events.FetchForWriting<CatalogueRecord>(id);
            stream.AppendOne(new TitleRevised("Memorandum of Conversation with Zhou Enlai, 10 November 1949"));
            await first.SaveChangesAsync();
        }

        // The second reads the same version (the first has not committed) and saves against it.
        var second = catalogue.Admin.Post(
            $"/api/records/{id}/title", new { title = "Memorandum of a Conversation with Zhou Enlai", version, reason = "Title as on the document" });
        await Eventually.Until(
            () => connection.ScalarAsync("select count(*) from pg_locks where not granted and pid <> pg_backend_pid()", transaction),
            waiting => waiting > 0, "the second save to wait for the first");
        await transaction.CommitAsync();

        var reply = (await second).ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal(version + 1, reply.Json["currentVersion"]!.GetValue<long>());
        Assert.Equal(version + 1, await catalogue.Admin.CurrentVersion(id));

        var lastDrawn = await connection.ScalarAsync($"select last_value from {Events}_sequence");
        var lastWritten = await connection.ScalarAsync($"select max(seq_id) from {Events}");
        var written = await connection.ScalarAsync($"select count(*) from {Events}");
        Assert.True(lastDrawn == lastWritten && written == lastWritten,
            $"event numbers drawn up to {lastDrawn}, written up to {lastWritten}, {written} events: the losing save drew a number it never wrote");
    }
}
