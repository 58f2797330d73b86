using System.Net;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Records;

/// <summary>
/// Marten reads a record's stream version and its document in two statements. When an identical command commits between
/// them, the version read is the one before that change and the document the one after it: the command must be told
/// that the record has moved on, at the version its document holds — not that its change was made, at the old version
/// (seen once in 45 races of four identical corrections). The race is set up here by holding the stream's version where
/// the first statement saw it.
/// </summary>
public sealed class when_a_twin_command_commits_while_the_record_is_read(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_command_is_told_the_version_the_document_holds()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("twin_read");
        var id = (await catalogue.Admin.Post("/api/records", new { title = "Memorandum of Conversation with Zhou Enlai" })).ShouldBe(HttpStatusCode.Created).Id;
        var change = new { version = 1, documentType = "Memorandum of Conversation" };
        (await catalogue.Admin.Post($"/api/records/{id}/document-type", change)).ShouldBe(HttpStatusCode.OK);
        await using (var connection = new NpgsqlConnection(catalogue.ConnectionString))
        {
            await connection.OpenAsync();
            await using var before = new NpgsqlCommand("update catalogue.mt_streams set version = 1 where id = @id", connection);
            before.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await before.ExecuteNonQueryAsync());
        }

        var twin = (await catalogue.Admin.Post($"/api/records/{id}/document-type", change)).ShouldBe(HttpStatusCode.Conflict);

        Assert.Equal((1L, 2L), (twin.Json["expectedVersion"]!.GetValue<long>(), twin.Json["currentVersion"]!.GetValue<long>()));
    }
}
