using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// Malformed JSON and values of the wrong type are refused with 400 problem details whose <c>errors</c> name the field
/// as the client wrote it (a camelCase JSON path) and say what it must be — or, when the JSON itself is broken, where
/// it breaks — and never name a .NET type.
/// </summary>
public sealed class when_a_command_body_is_not_the_json_it_should_be(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<Reply> Send(string url, string json, params (string Name, string Value)[] headers)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return (await Api.PostContent(url, content, headers)).ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>The documented shape of a 400, and nothing of the server's insides.</summary>
    private static string ErrorFor(Reply reply, string field)
    {
        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", reply.Json["type"]!.GetValue<string>());
        Assert.DoesNotContain("System.", reply.Text);
        Assert.DoesNotContain("Catalogue.Api", reply.Text);
        Assert.DoesNotContain("`1", reply.Text);
        Assert.True(reply.Json["errors"]?[field] is not null, $"no error for '{field}': {reply.Text}");
        return string.Join(" ", reply.Json["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    private async Task<long> RecordCount() => await Service.ListedRecordCount();

    [Theory]
    [InlineData("{\"title\":123}", "title", "must be a string")]
    [InlineData("{\"Title\":true}", "title", "must be a string")]
    [InlineData("{\"title\":\"x\",\"externalIds\":\"wilson-center:117886\"}", "externalIds", "must be an array of objects")]
    [InlineData("{\"title\":\"x\",\"externalIds\":[\"wilson-center\"]}", "externalIds[0]", "must be an object")]
    [InlineData("{\"title\":\"x\",\"externalIds\":[{\"scheme\":1,\"value\":\"117886\"}]}", "externalIds[0].scheme", "must be a string")]
    [InlineData("{\"title\":{\"en\":\"x\"}}", "title", "must be a string")]
    [InlineData("{\"title\":\"a \\ud800 lone half\"}", "title", "Unicode")]
    public async Task a_new_record_with_a_field_of_the_wrong_type_is_refused_naming_the_field(string json, string field, string says)
    {
        var reply = await Send("/api/records", json);

        Assert.Contains(says, ErrorFor(reply, field));
        Assert.Equal(0, await RecordCount());
    }

    /// <summary>
    /// Found from outside: a body with several mistakes was answered with the first alone, so that an archivist mending a
    /// record learnt of its mistakes one request at a time.
    /// </summary>
    [Fact]
    public async Task every_field_of_the_wrong_type_and_every_unknown_one_is_named_in_one_answer()
    {
        var reply = await Send("/api/records", """{"title":123,"titel":"y","externalIds":[{"scheme":1,"value":"117886"},"wilson-center"],"documentType":false}""");

        Assert.Contains("must be a string, not a number", ErrorFor(reply, "title"));
        Assert.Contains("The fields are: ", ErrorFor(reply, "titel"));
        Assert.Contains("must be a string, not a number", ErrorFor(reply, "externalIds[0].scheme"));
        Assert.Contains("must be an object, not a string", ErrorFor(reply, "externalIds[1]"));
        Assert.Contains("must be a string, not false", ErrorFor(reply, "documentType"));
        Assert.Equal(5, reply.Json["errors"]!.AsObject().Count);
        Assert.Equal(0, await RecordCount());
    }

    [Fact]
    public async Task an_array_of_thousands_of_wrong_values_is_told_by_its_first_fifty()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var numbers = string.Join(",", Enumerable.Range(0, 5000));

        var reply = await Send($"/api/records/{id}/subjects", $$"""{"version":1,"subjects":[{{numbers}}]}""");

        Assert.Contains("must be a string, not a number", ErrorFor(reply, "subjects[0]"));
        Assert.Contains("must be a string, not a number", ErrorFor(reply, "subjects[49]"));
        Assert.Equal(Catalogue.Api.Hosting.JsonBodyErrors.MostRefusalsTold, reply.Json["errors"]!.AsObject().Count);
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Theory]
    [InlineData("{\"version\":1,\"subjects\":\"Korea\"}", "subjects", "must be an array of strings")]
    [InlineData("{\"version\":1,\"subjects\":[\"Korea\",7]}", "subjects[1]", "must be a string")]
    [InlineData("{\"version\":\"one\",\"subjects\":[\"Korea\"]}", "version", "must be a whole number")]
    [InlineData("{\"version\":\"1\",\"subjects\":[\"Korea\"]}", "version", "must be a whole number, not a string")]
    [InlineData("{\"version\":1.5,\"subjects\":[\"Korea\"]}", "version", "must be a whole number")]
    [InlineData("{\"version\":99999999999999999999,\"subjects\":[\"Korea\"]}", "version", "must be a whole number")]
    [InlineData("{\"version\":null,\"subjects\":null,\"reason\":[]}", "reason", "must be a string")]
    public async Task a_command_with_a_field_of_the_wrong_type_is_refused_and_appends_nothing(string json, string field, string says)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = await Send($"/api/records/{id}/subjects", json);

        Assert.Contains(says, ErrorFor(reply, field));
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Theory]
    [InlineData("{\"title\":\"x\",\"titel\":\"y\"}", "titel", "The fields are: ")]
    [InlineData("{\"title\":\"x\",\"externalIds\":[{\"scheme\":\"wilson-center\",\"sceme\":\"x\",\"value\":\"117886\"}]}", "externalIds[0].sceme", "The fields are: scheme, value")]
    [InlineData("{\"title\":\"x\",\"externalIds\":[{\"scheme\":\"ark\",\"value\":\"1\"},{\"scheme\":\"ark\",\"value\":\"2\",\"the value\":\"3\"}]}", "externalIds[1]['the value']", "The fields are: scheme, value")]
    [InlineData("{\"title\":\"x\",\"nope\":1,\"nope\":2}", "nope", "The fields are: ")]
    public async Task a_field_the_command_does_not_take_is_refused_naming_it_and_the_fields_there_are(string json, string field, string says)
    {
        var reply = await Send("/api/records", json);

        Assert.Contains(says, ErrorFor(reply, field));
        Assert.Equal(0, await RecordCount());
    }

    [Theory]
    [InlineData("{\"title\":\"A\",\"title\":\"B\"}", "title")]
    [InlineData("{\"title\":\"A\",\"documentType\":\"Memorandum\",\"TITLE\":\"B\"}", "title")]
    [InlineData("{\"title\":\"x\",\"externalIds\":[{\"scheme\":\"wilson-center\",\"value\":\"117886\",\"scheme\":\"ark\"}]}", "externalIds[0].scheme")]
    public async Task a_field_given_twice_is_refused_rather_than_the_last_value_kept(string json, string field)
    {
        var reply = await Send("/api/records", json);

        Assert.Contains("is given more than once", ErrorFor(reply, field));
        Assert.Equal(0, await RecordCount());
    }

    [Theory]
    [InlineData("{\"title\":\"unterminated", "line 1")]
    [InlineData("{\"title\":\"x\",}", "line 1, position 14")]
    [InlineData("{\"title\":\"x\"}}", "line 1, position 14")]
    [InlineData("{\n  \"title\": \"x\"\n  \"documentType\": \"Memorandum\"\n}", "line 3, position 3")]
    [InlineData("{'title':'x'}", "line 1, position 2")]
    [InlineData("title=x", "line 1, position 2")]
    public async Task a_body_that_is_not_well_formed_json_is_refused_saying_where_it_breaks(string json, string where)
    {
        var reply = await Send("/api/records", json);

        var error = ErrorFor(reply, "body");
        Assert.Contains("not well-formed JSON", error);
        Assert.Contains(where, error);
        Assert.Equal(0, await RecordCount());
    }

    [Theory]
    [InlineData("[{\"title\":\"x\"}]", "must be a JSON object")]
    [InlineData("\"Memorandum\"", "must be a JSON object")]
    [InlineData("null", "must be a JSON object")]
    public async Task a_body_that_is_not_an_object_is_refused(string json, string says)
    {
        var reply = await Send("/api/records", json);

        Assert.Contains(says, ErrorFor(reply, "body"));
        Assert.Equal(0, await RecordCount());
    }

    [Fact]
    public async Task a_body_that_is_not_utf8_is_refused_saying_where()
    {
        var content = new ByteArrayContent([.. "{\"title\":\"M"u8, 0xFC, .. "nchen\"}"u8]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var reply = (await Api.PostContent("/api/records", content)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("line 1, position 12", ErrorFor(reply, "body"));
        Assert.Equal(0, await RecordCount());
    }
}
