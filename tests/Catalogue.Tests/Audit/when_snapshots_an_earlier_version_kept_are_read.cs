using System.Net;
using Catalogue.Api.Audit;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Audit;

/// <summary>
/// An earlier version addressed a record's identifiers by their place in the list, and kept its snapshots so. This
/// version, reading such a snapshot, replays the record from its accession rather than blame a field on no event (the
/// blame of a record of a hundred events answered 500), and rebuilds the snapshots once it has started.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_snapshots_an_earlier_version_kept_are_read(CatalogueService service) : CatalogueScenario(service)
{
    private const string WilsonCenter = "externalIds[scheme=wilson-center,value=117886]";

    [Fact]
    public async Task blame_and_diff_replay_from_the_accession_until_the_snapshots_are_rebuilt_at_the_next_start()
    {
        string connectionString;
        Guid id;
        await using (var before = await Service.StartOwnCatalogueAsync("snapshots_addressed"))
        {
            connectionString = before.ConnectionString;
            Assert.Equal(RecordSnapshot.FieldsAddressed, await PostgresCommands.TableCommentAsync(connectionString, RecordSnapshot.Table));
            id = (await before.Admin.AccessionTheSeed()).Id;
            for (var version = 1L; version < 120; version++)
            {
                (await before.Admin.Post($"/api/records/{id}/title", new { version, title = $"Memorandum of Conversation, revision {version + 1}", reason = "House style" }))
                    .ShouldBe(HttpStatusCode.OK);
            }

            await Projections.CaughtUpAsync(before.Services);

            // As the version before kept it: the identifier's fields by place, and the table unmarked.
            await PostgresCommands.ExecuteAsync(connectionString, $"""
                update {RecordSnapshot.Table}
                set data = jsonb_set(data, '{"{SetBy}"}', (data -> 'SetBy') - '{WilsonCenter}.scheme' - '{WilsonCenter}.value'
                    || jsonb_build_object('externalIds[0].scheme', data -> 'SetBy' -> '{WilsonCenter}.scheme', 'externalIds[0].value', data -> 'SetBy' -> '{WilsonCenter}.value'));
                comment on table {RecordSnapshot.Table} is null
                """);
            Assert.Equal(1, await PostgresCommands.ScalarAsync(connectionString, $"select count(*) from {RecordSnapshot.Table} where data -> 'SetBy' ? 'externalIds[0].value'"));

            var blame = (await before.Admin.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK).Json["fields"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>());
            Assert.Equal(1, blame[$"{WilsonCenter}.value"]!["event"]!["version"]!.GetValue<long>());
            Assert.Equal(120, blame["title"]!["event"]!["version"]!.GetValue<long>());
            Assert.DoesNotContain("externalIds[0].value", blame.Keys);
            var diff = (await before.Admin.Get($"/api/records/{id}/diff?from=110&to=111")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray();
            Assert.Equal(["title"], diff.Select(c => c!["path"]!.GetValue<string>()));
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        await Eventually.Until(() => PostgresCommands.TableCommentAsync(connectionString, RecordSnapshot.Table), comment => comment == RecordSnapshot.FieldsAddressed, "the snapshots to be rebuilt");

        Assert.Equal(0, await PostgresCommands.ScalarAsync(connectionString, $"select count(*) from {RecordSnapshot.Table} where data -> 'SetBy' ? 'externalIds[0].value'"));
        Assert.Equal(1, await PostgresCommands.ScalarAsync(connectionString, $"select count(*) from {RecordSnapshot.Table} where data -> 'SetBy' ? '{WilsonCenter}.value'"));
        var rebuilt = (await after.Admin.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK).Json["fields"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>());
        Assert.Equal(1, rebuilt[$"{WilsonCenter}.value"]!["event"]!["version"]!.GetValue<long>());
    }
}
