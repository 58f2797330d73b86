using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Api.Records;
using Catalogue.Tests.Authorities;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// The event store holds streams that are not records: a person's authority once an archivist records an alias, and
/// Marten's own stream for the fillers of failed writes. Their ids are no secret (a person's id is in every
/// suggestion; the fillers' stream is in every export of the events). Sent where a record's id goes, they are no
/// record: not one to import onto, nor one to read the history of.
/// </summary>
public sealed class when_an_id_names_a_stream_that_is_no_record(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<Guid> APersonWithAnAlias(string name, string alias)
    {
        await Api.ARecordNaming($"Memorandum naming {name}", participants: [name]);
        var person = await Service.ThePersonFor(name);
        (await Api.Post($"/api/people/{person.Id()}/aliases", new { alias, version = person.Version() })).ShouldBe(HttpStatusCode.OK);
        return person.Id();
    }

    /// <summary>A stream as Marten keeps the fillers': a row of its own, at version 0, of no aggregate type.</summary>
    private async Task<Guid> AFillersLikeStream()
    {
        var id = Guid.NewGuid();
        await using var database = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await database.OpenAsync();
        await using var insert = new NpgsqlCommand($"insert into {CatalogueSchema.Name}.mt_streams (id, tenant_id, version, is_archived) values (@id, '*DEFAULT*', 0, false)", database);
        insert.Parameters.AddWithValue("id", id);
        await insert.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>
    /// Found from outside: a line naming the fillers' stream was imported as a new record on it; the next filler then
    /// landed in that record's stream, and every async read model stopped at it for good.
    /// </summary>
    [Fact]
    public async Task an_import_line_naming_another_stream_is_refused_and_nothing_is_written_to_it()
    {
        var fillers = await AFillersLikeStream();
        var person = await APersonWithAnAlias("Ivan Streamov", "I. Streamov");
        var lines = string.Join('\n', new[] { fillers, person }.Select(id => new JsonObject { ["id"] = id.ToString(), ["title"] = "A record on another's stream" }.ToJsonString()));

        var batch = (await Api.PostRaw("/api/imports/jsonl", lines, "application/x-ndjson")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((0L, 2L), (batch["created"]!.GetValue<long>(), batch["rejected"]!.GetValue<long>()));
        var problems = batch["problems"]!.AsArray();
        Assert.Equal(["id", "id"], problems.Select(p => p!["field"]!.GetValue<string>()));
        Assert.All(problems, p => Assert.Contains("not a catalogue record's", p!["message"]!.GetValue<string>()));
        (await Api.Get($"/api/records/{fillers}")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.Get($"/api/records/{person}")).ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Found from outside: a person's id had a history and a PREMIS document as if it were a record's, and its as-of answered 500.</summary>
    [Fact]
    public async Task a_persons_id_has_no_history_past_versions_blame_or_chain_as_a_record()
    {
        var person = await APersonWithAnAlias("Pyotr Streamov", "P. Streamov");

        foreach (var path in new[]
                 {
                     "history", "history?format=jsonl", "history/premis", "blame", "diff", "?version=1",
                     $"?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}",
                 })
        {
            var answer = (await Api.Get($"/api/records/{person}{(path.StartsWith('?') ? "" : "/")}{path}")).ShouldBe(HttpStatusCode.NotFound);
            Assert.Equal("application/problem+json", answer.ContentHeaders?.ContentType?.MediaType);
        }

        (await Api.Get($"/api/audit/verify?record={person}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void a_filler_in_a_records_stream_changes_nothing_of_the_record()
    {
        var record = RecordEvolution.Apply(null, new RecordAccessioned(Guid.NewGuid(), "CAT-1", [], null, "A memorandum", null, DateTimeOffset.UtcNow), 1)!;

        Assert.Same(record, RecordEvolution.Apply(record, new JasperFx.Events.Tombstone(), 74));
    }
}
