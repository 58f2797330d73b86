using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Catalogue.Api.History;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Audit;

/// <summary>The seed catalogued step by step — twelve events — then read back as it stood at each step.</summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_an_auditor_replays_a_record(CatalogueService service) : CatalogueScenario(service)
{
    private const string FirstTitle = "From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949";
    private const string RevisedTitle = "Memorandum of Conversation between N.V. Roshchin and Zhou Enlai, 10 November 1949";

    private async Task<Guid> ARecordWithTwelveVersions()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var steps = new (string Path, Func<long, object> Body)[]
        {
            ("dates", v => new { version = v, role = "described", asWritten = "November 10, 1949", edtf = "1949-11-10" }),
            ("classification", v => new { version = v, marks = "Top Secret, Copy 4" }),
            ("creators", v => new { version = v, creators = new[] { new { name = "N.V. Roshchin", role = "author" } } }),
            ("provenance", v => new { version = v, repository = "AVPRF", fond = "0100", opis = "42", poryadok = "19", papka = "288", folios = "81-85" }),
            ("title", v => new { version = v, title = RevisedTitle, reason = "House style puts both parties in the title" }),
            ("summary", v => new { version = v, summary = "Zhou Enlai conveys Mao Zedong's wish to visit Moscow." }),
            ("translations", v => new { version = v, language = "en", translators = new[] { "David Wolff" }, credit = "Translated by David Wolff" }),
            ("funding-notes", v => new { version = v, funder = "Leon Levy Foundation", note = "This document was made possible with support from Leon Levy Foundation" }),
            ("provenance/5/corrections", v => new { version = v, reason = "Verso of the last folio is written on", repository = "AVPRF", fond = "0100", opis = "42", poryadok = "19", papka = "288", folios = "81-85ob" }),
            ("subjects", v => new { version = v, subjects = new[] { "Sino-Soviet relations" } }),
            ("publish", v => new { version = v }),
        };
        for (var i = 0; i < steps.Length; i++)
        {
            (await Api.Post($"/api/records/{id}/{steps[i].Path}", steps[i].Body(i + 1))).ShouldBe(HttpStatusCode.OK);
        }

        return id;
    }

    private static JsonObject WithoutReplayFields(JsonNode node)
    {
        var copy = node.DeepClone().AsObject();
        copy.Remove("asOf");
        copy.Remove("permalink");
        return copy;
    }

    [Fact]
    public async Task each_version_reads_as_it_stood_then()
    {
        var id = await ARecordWithTwelveVersions();

        var v5 = (await Api.Get($"/api/records/{id}?version=5")).ShouldBe(HttpStatusCode.OK).Json;
        var v6 = (await Api.Get($"/api/records/{id}?version=6")).ShouldBe(HttpStatusCode.OK).Json;
        var v10 = (await Api.Get($"/api/records/{id}?version=10")).ShouldBe(HttpStatusCode.OK).Json;
        var v12 = (await Api.Get($"/api/records/{id}?version=12")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(5, v5["version"]!.GetValue<long>());
        Assert.Equal(FirstTitle, v5["title"]!.GetValue<string>());
        Assert.Equal("81-85", v5["provenance"]![0]!["folios"]!.GetValue<string>());
        Assert.Equal(RevisedTitle, v6["title"]!.GetValue<string>());
        Assert.Equal("81-85ob", v10["provenance"]![0]!["folios"]!.GetValue<string>());
        Assert.Equal("draft", v10["status"]!.GetValue<string>());
        Assert.Equal("published", v12["status"]!.GetValue<string>());
        Assert.Equal($"/api/records/{id}?version=5", v5["permalink"]!.GetValue<string>());
        Assert.Equal(12, v5["asOf"]!["currentVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task replaying_every_event_gives_exactly_the_current_read_model()
    {
        var id = await ARecordWithTwelveVersions();

        var replayed = (await Api.Get($"/api/records/{id}?version=12")).ShouldBe(HttpStatusCode.OK).Json;
        var current = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);

        Assert.True(JsonNode.DeepEquals(current.Json, WithoutReplayFields(replayed)), $"{current.Text}\n!=\n{WithoutReplayFields(replayed).ToJsonString()}");
        Assert.Equal($"</api/records/{id}?version=12>; rel=\"permalink\"", current.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task an_instant_reads_the_record_as_of_the_last_event_at_or_before_it()
    {
        var id = await ARecordWithTwelveVersions();
        var history = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        var sixth = history[5]!["timestamp"]!.GetValue<DateTimeOffset>();

        var asOf = (await Api.Get($"/api/records/{id}?asOf={Uri.EscapeDataString(sixth.ToString("O"))}")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(6, asOf["version"]!.GetValue<long>());
        Assert.Equal(RevisedTitle, asOf["title"]!.GetValue<string>());
        Assert.Null(asOf["summary"]);
        Assert.Equal($"/api/records/{id}?version=6", asOf["permalink"]!.GetValue<string>());

        // The same instant written in Beijing's time, or in Kiribati's: the same record.
        foreach (var offset in new[] { TimeSpan.FromHours(8), TimeSpan.FromHours(14), TimeSpan.FromHours(-12) })
        {
            var elsewhere = (await Api.Get($"/api/records/{id}?asOf={Uri.EscapeDataString(sixth.ToOffset(offset).ToString("O"))}")).ShouldBe(HttpStatusCode.OK).Json;
            Assert.Equal(6, elsewhere["version"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task a_version_or_instant_the_record_never_had_is_not_found_and_says_why()
    {
        var id = await ARecordWithTwelveVersions();

        var tooFar = (await Api.Get($"/api/records/{id}?version=13")).ShouldBe(HttpStatusCode.NotFound).Json;
        var tooEarly = (await Api.Get($"/api/records/{id}?asOf=1949-11-10T00:00:00Z")).ShouldBe(HttpStatusCode.NotFound).Json;

        Assert.Contains("versions run from 1 to 12", tooFar["detail"]!.GetValue<string>());
        Assert.Contains("did not exist yet", tooEarly["detail"]!.GetValue<string>());
        (await Api.Get($"/api/records/{id}?asOf=last-tuesday")).ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// Found from outside: 05/12/2026 15:00 was read as 12 May, and a time without an offset as UTC — another moment
    /// than the auditor meant, answered as if it were theirs.
    /// </summary>
    [Theory]
    [InlineData("05/12/2026%2015:00", "'asOf' must be an instant in ISO 8601")]
    [InlineData("2026-12-05T15:14:19", "'asOf' gives no offset")]
    [InlineData("2026-12-05T15:14:19+03:00", "in a URL's query a '+' is read as a space. Write it as %2B (2026-12-05T15:14:19%2B03:00)")]
    [InlineData("2026-12-05", "'asOf' is a day alone, which does not say which moment of it")]
    public async Task an_instant_in_a_local_order_or_without_its_offset_is_refused_and_says_why(string asOf, string told)
    {
        var id = await ARecordWithTwelveVersions();

        var refused = (await Api.Get($"/api/records/{id}?asOf={asOf}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["asOf"], refused.ErrorFields);
        Assert.Contains(told, refused.Json["errors"]!["asOf"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task a_diff_names_each_changed_field_and_the_event_that_changed_it()
    {
        var id = await ARecordWithTwelveVersions();

        var diff = (await Api.Get($"/api/records/{id}/diff?from=5&to=10")).ShouldBe(HttpStatusCode.OK).Json;

        var changes = diff["changes"]!.AsArray();
        var title = Assert.Single(changes, c => c!["path"]!.GetValue<string>() == "title")!;
        Assert.Equal(FirstTitle, title["old"]!.GetValue<string>());
        Assert.Equal(RevisedTitle, title["new"]!.GetValue<string>());
        Assert.Equal(6, title["event"]!["version"]!.GetValue<long>());
        Assert.Equal("title_revised", title["event"]!["type"]!.GetValue<string>());
        Assert.Equal("key:admin-client", title["event"]!["actor"]!.GetValue<string>());
        Assert.Equal("House style puts both parties in the title", title["event"]!["reason"]!.GetValue<string>());

        var folios = Assert.Single(changes, c => c!["path"]!.GetValue<string>() == "provenance[number=5].folios")!;
        Assert.Equal("81-85", folios["old"]!.GetValue<string>());
        Assert.Equal("81-85ob", folios["new"]!.GetValue<string>());
        Assert.Equal(10, folios["event"]!["version"]!.GetValue<long>());
        Assert.Equal("Verso of the last folio is written on", folios["event"]!["reason"]!.GetValue<string>());

        Assert.DoesNotContain(changes, c => c!["event"]!["version"]!.GetValue<long>() is <= 5 or > 10);
        Assert.Contains(changes, c => c!["path"]!.GetValue<string>() == "summary" && c["old"] is null);
    }

    [Fact]
    public async Task blame_names_the_event_that_last_set_each_field()
    {
        var id = await ARecordWithTwelveVersions();

        var fields = (await Api.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK).Json["fields"]!.AsArray()
            .ToDictionary(f => f!["path"]!.GetValue<string>());

        Assert.Equal(6, fields["title"]!["event"]!["version"]!.GetValue<long>());
        Assert.Equal("House style puts both parties in the title", fields["title"]!["event"]!["reason"]!.GetValue<string>());
        Assert.Equal(10, fields["provenance[number=5].folios"]!["event"]!["version"]!.GetValue<long>());
        Assert.Equal(5, fields["provenance[number=5].fond"]!["event"]!["version"]!.GetValue<long>());
        Assert.Equal(1, fields["accessionNumber"]!["event"]!["version"]!.GetValue<long>());
        Assert.Equal("record_published", fields["status"]!["event"]!["type"]!.GetValue<string>());
        Assert.Equal("published", fields["status"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task blame_and_diff_name_a_person_of_a_list_by_name_and_role_not_by_place()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/creators", new { version = 1, creators = new[] { new { name = "Андрей Громыко", role = "author" } } })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/creators", new { version = 2, reason = "The memorandum is Roshchin's", creators = new[] { new { name = "N.V. Roshchin", role = "author" } } }))
            .ShouldBe(HttpStatusCode.OK);

        var fields = (await Api.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK).Json["fields"]!.AsArray()
            .ToDictionary(f => f!["path"]!.GetValue<string>());
        Assert.Equal(3, fields["creators[name=N.V. Roshchin,role=author].role"]!["event"]!["version"]!.GetValue<long>());
        Assert.Equal(3, fields["creators[name=N.V. Roshchin,role=author].name"]!["event"]!["version"]!.GetValue<long>());

        var changes = (await Api.Get($"/api/records/{id}/diff?from=2&to=3")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray();
        Assert.Contains(changes, c => c!["path"]!.GetValue<string>() == "creators[name=Андрей Громыко,role=author].name" && c["new"] is null);
        Assert.Contains(changes, c => c!["path"]!.GetValue<string>() == "creators[name=N.V. Roshchin,role=author].name" && c["old"] is null);
    }

    [Fact]
    public async Task a_diff_with_versions_out_of_range_is_refused_field_by_field()
    {
        var id = await ARecordWithTwelveVersions();

        var reply = (await Api.Get($"/api/records/{id}/diff?from=9&to=40")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("to", reply.ErrorFields);
    }

    /// <summary>Found from outside: a version against itself was refused with 400, where any diff tool answers an empty diff.</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    public async Task a_version_against_itself_is_an_empty_diff(long version)
    {
        var id = await ARecordWithTwelveVersions();

        var diff = (await Api.Get($"/api/records/{id}/diff?from={version}&to={version}")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((version, version), (diff["from"]!.GetValue<long>(), diff["to"]!.GetValue<long>()));
        Assert.Empty(diff["changes"]!.AsArray());
    }

    [Fact]
    public async Task a_diff_with_versions_out_of_order_is_refused_naming_from()
    {
        var id = await ARecordWithTwelveVersions();

        var reply = (await Api.Get($"/api/records/{id}/diff?from=6&to=5")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["from"], reply.ErrorFields);
        Assert.Equal(12, await Api.EventCount(id));
    }

    /// <summary>
    /// Found from outside: an event is stamped by the clock of the node that appended it, and a record whose later
    /// version bore an earlier time (two nodes whose clocks disagree, a clock set back) was read as of an instant as the
    /// events stamped before it — versions 1 to 3 and 8, a record that never was, under version 8 — and as of an instant
    /// before its accession's time but after a later version's, answered 500. The record as of an instant is the record
    /// at the last version of those from its accession on that were all stamped by then.
    /// </summary>
    [Fact]
    public async Task a_version_stamped_earlier_than_the_one_before_it_ends_the_versions_an_instant_reaches()
    {
        var id = await ARecordWithTwelveVersions();
        var stamped = await EventTimes(id);
        // Version 8 (the translation credit) appended by a node whose clock was ten minutes behind.
        var behind = stamped[5].AddMinutes(-10);
        await AsSuperuser($"update catalogue.mt_events set timestamp = '{behind:O}' where stream_id = '{id}' and version = 8");
        var afterTheThird = stamped[2].AddTicks((stamped[3] - stamped[2]).Ticks / 2);
        var afterTheSeventh = stamped[6].AddTicks((stamped[7] - stamped[6]).Ticks / 2);

        var atThree = (await Api.Get($"/api/records/{id}?asOf={Uri.EscapeDataString(afterTheThird.ToString("O"))}")).ShouldBe(HttpStatusCode.OK).Json;
        var atEight = (await Api.Get($"/api/records/{id}?asOf={Uri.EscapeDataString(afterTheSeventh.ToString("O"))}")).ShouldBe(HttpStatusCode.OK).Json;
        var afterItsStampBeforeTheAccession = (await Api.Get($"/api/records/{id}?asOf={Uri.EscapeDataString(behind.AddTicks(10).ToString("O"))}")).ShouldBe(HttpStatusCode.NotFound);
        var beforeEverything = (await Api.Get($"/api/records/{id}?asOf={Uri.EscapeDataString(stamped[0].AddMinutes(-20).ToString("O"))}")).ShouldBe(HttpStatusCode.NotFound);
        var now = (await Api.Get($"/api/records/{id}?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(3, atThree["version"]!.GetValue<long>());
        Assert.Empty(atThree["translations"]!.AsArray());
        Assert.Equal(WithoutReplayFields((await Api.Get($"/api/records/{id}?version=3")).Json).ToJsonString(), WithoutReplayFields(atThree).ToJsonString());
        // Every version up to the eighth stamped by then: the eighth, as it was.
        Assert.Equal(WithoutReplayFields((await Api.Get($"/api/records/{id}?version=8")).Json).ToJsonString(), WithoutReplayFields(atEight).ToJsonString());
        Assert.StartsWith($"Record {id} did not exist yet at", afterItsStampBeforeTheAccession.Json["detail"]!.GetValue<string>());
        Assert.Equal("No such version of the record", beforeEverything.Json["title"]!.GetValue<string>());
        Assert.Equal(12, now["version"]!.GetValue<long>());
    }

    private async Task<IReadOnlyList<DateTimeOffset>> EventTimes(Guid id)
    {
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return [.. (await session.Events.FetchStreamAsync(id)).Select(e => e.Timestamp)];
    }

    /// <summary>Runs SQL as the cluster's superuser with the event store's guards switched off.</summary>
    private async Task AsSuperuser(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"set session_replication_role = replica; {sql}", connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task the_events_read_for_a_replay_are_the_ones_marten_reads_with_who_when_and_why()
    {
        var id = await ARecordWithTwelveVersions();
        var reader = Service.Host.Services.GetRequiredService<RecordEventReader>();
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = await session.Events.FetchStreamAsync(id);
        var sixth = stored[5].Timestamp;

        Assert.Equal(Described(stored), Described(await reader.ReadAsync(id)));
        Assert.Equal(Described(stored.Take(6)), Described(await reader.ReadAsync(id, version: 6)));
        Assert.Equal(6, await reader.VersionAtAsync(id, sixth.ToOffset(TimeSpan.FromHours(3)), CancellationToken.None));
        Assert.Empty(await reader.ReadAsync(Guid.NewGuid()));
        Assert.Equal("House style puts both parties in the title", (await reader.ReadAsync(id))[5].Header("reason"));
    }

    private static List<string> Described(IEnumerable<JasperFx.Events.IEvent> events) => Described(events.Select(RecordEvent.Of));

    private static List<string> Described(IEnumerable<RecordEvent> events) =>
    [
        .. events.Select(e => string.Join(" | ",
            e.StreamId, e.Version, e.Sequence, e.EventTypeName, e.Timestamp.UtcTicks, e.UserName, e.CorrelationId, e.CausationId,
            JsonSerializer.Serialize(e.Headers), e.Data.GetType().Name, JsonSerializer.Serialize(e.Data, e.Data.GetType()))),
    ];
}
