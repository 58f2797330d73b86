using System.Text;
using System.Text.Json;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;

namespace Catalogue.Tests.Hosting;

/// <summary>What a client is told about a JSON body System.Text.Json refused, for real commands and real mistakes.</summary>
public sealed class JsonBodyErrorsTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static (string Field, string Message) ErrorOf<T>(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var refusal = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<T>(body, Web));
        return JsonBodyErrors.Describe(typeof(T), body, refusal, Web);
    }

    [Theory]
    [InlineData("{\"title\":123}", "title", "must be a string, not a number.")]
    [InlineData("{\"TITLE\":false}", "title", "must be a string, not false.")]
    [InlineData("{\"title\":[\"a\"]}", "title", "must be a string, not an array.")]
    [InlineData("{\"externalIds\":\"x\"}", "externalIds", "must be an array of objects, not a string.")]
    [InlineData("{\"externalIds\":{}}", "externalIds", "must be an array of objects, not an object.")]
    [InlineData("{\"externalIds\":[{\"scheme\":\"a\",\"value\":\"b\"},7]}", "externalIds[1]", "must be an object, not a number.")]
    [InlineData("{\"externalIds\":[{\"scheme\":\"a\"},{\"value\":{\"x\":1}}]}", "externalIds[1].value", "must be a string, not an object.")]
    [InlineData("{\"unknown\":{\"a\":[1,2]},\"sourceUrl\":1}", "sourceUrl", "must be a string, not a number.")]
    [InlineData("{\"title\":\"\\udc00\"}", "title", "must be Unicode text: a \\uD800–\\uDFFF escape must be one half of a surrogate pair.")]
    [InlineData("{\"title\\ud800\":\"Memo\"}", "body", "has a member name that is not Unicode text, ending at line 1, position 16: a \\uD800–\\uDFFF escape must be one half of a surrogate pair.")]
    [InlineData("{\"title\":\"Memo\",\n\"x\\udc00\":1}", "body", "has a member name that is not Unicode text, ending at line 2, position 11: a \\uD800–\\uDFFF escape must be one half of a surrogate pair.")]
    [InlineData("[]", "body", "must be a JSON object, not an array.")]
    [InlineData("\"a title\"", "body", "must be a JSON object, not a string.")]
    [InlineData("42", "body", "must be a JSON object, not a number.")]
    public void a_value_of_the_wrong_type_is_named_by_its_field(string json, string field, string message) =>
        Assert.Equal((field, message), ErrorOf<AccessionRecord>(json));

    /// <summary>Found by the fuzzer: a member's name holding half a surrogate pair made the search for every refusal fail with 500.</summary>
    [Fact]
    public void every_refusal_is_found_past_a_name_or_a_value_holding_half_a_surrogate_pair()
    {
        var strict = new JsonSerializerOptions(Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        var body = Encoding.UTF8.GetBytes("{\"\\udc00\":1,\"title\":\"\\ud800\",\"externalIds\":[\"a\\udd5e\"],\"sourceUrl\":1}");

        var found = JsonBodyErrors.EveryRefusal(typeof(AccessionRecord), body, strict);

        Assert.Equal(
            [
                ("title", "must be Unicode text: a \\uD800–\\uDFFF escape must be one half of a surrogate pair."),
                ("externalIds[0]", "must be an object, not a string."),
                ("sourceUrl", "must be a string, not a number."),
            ],
            found);
    }

    [Theory]
    [InlineData("{\"subjects\":[\"a\",null,3]}", "subjects[2]", "must be a string, not a number.")]
    [InlineData("{\"subjects\":true}", "subjects", "must be an array of strings, not true.")]
    [InlineData("{\"version\":\"two\"}", "version", "must be a whole number, not a string.")]
    [InlineData("{\"version\":2.5}", "version", "must be a whole number in digits alone (no decimal point or exponent) from -9223372036854775808 to 9223372036854775807.")]
    [InlineData("{\"version\":1e400}", "version", "must be a whole number in digits alone (no decimal point or exponent) from -9223372036854775808 to 9223372036854775807.")]
    [InlineData("{\"version\":[1]}", "version", "must be a whole number, not an array.")]
    public void numbers_and_lists_say_what_they_must_be(string json, string field, string message) =>
        Assert.Equal((field, message), ErrorOf<TagSubjects>(json));

    [Theory]
    [InlineData("{\"creators\":[{\"name\":\"N.V. Roshchin\",\"role\":7}]}", "creators[0].role", "must be a string, not a number.")]
    [InlineData("{\"creators\":[[]]}", "creators[0]", "must be an object, not an array.")]
    public void a_path_through_nested_lists_is_written_as_the_client_wrote_it(string json, string field, string message) =>
        Assert.Equal((field, message), ErrorOf<RecordCreators>(json));

    [Theory]
    [InlineData("{", "is not well-formed JSON: it ends at line 1, position 2 before the JSON is complete.")]
    [InlineData("{\"title\":\"x\"", "is not well-formed JSON: it ends at line 1, position 13 before the JSON is complete.")]
    [InlineData("{\"title\":\"x\",}", "is not well-formed JSON: '}' at line 1, position 14 was not expected there.")]
    [InlineData("{\"title\":\"x\"}\n{}", "is not well-formed JSON: '{' at line 2, position 1 was not expected there.")]
    [InlineData("{\r\n  \"title\": \"x\"\r\n  \"summary\": \"y\"\r\n}", "is not well-formed JSON: '\"' at line 3, position 3 was not expected there.")]
    [InlineData("{\"title\":\"tab\tinside\"}", "is not well-formed JSON: U+0009 at line 1, position 14 was not expected there.")]
    [InlineData("{\"title\":\"Ф\" \"x\"}", "is not well-formed JSON: '\"' at line 1, position 15 was not expected there.")]
    [InlineData("  ", "is not well-formed JSON: it ends at line 1, position 3 before the JSON is complete.")]
    public void broken_json_is_refused_as_a_whole_saying_where_it_breaks(string json, string message) =>
        Assert.Equal(("body", message), ErrorOf<AccessionRecord>(json));

    [Fact]
    public void json_nested_past_the_limit_is_refused_for_its_depth_not_its_syntax()
    {
        var json = "{\"unknown\":" + new string('[', 100) + new string(']', 100) + "}";

        Assert.Equal(("body", "nests arrays or objects deeper than 64 levels."), ErrorOf<AccessionRecord>(json));
    }

    /// <summary>
    /// Found from outside: read as commands are (a member no field takes refused), a member nested past the limit was
    /// told to be "of the documented type", as if a field of that name existed.
    /// </summary>
    [Theory]
    [InlineData(100)]
    [InlineData(10_000)]
    public void a_member_no_field_takes_is_named_so_however_deep_its_value_nests(int depth)
    {
        var strict = new JsonSerializerOptions(Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow, AllowDuplicateProperties = false };
        var body = Encoding.UTF8.GetBytes("{\"title\":\"Memo\",\"unknown\":" + new string('[', depth) + new string(']', depth) + "}");
        var refusal = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AccessionRecord>(body, strict));

        var (field, message) = Assert.Single(JsonBodyErrors.Refusals<AccessionRecord>(body, refusal, strict, Web));

        Assert.Equal("unknown", field);
        Assert.StartsWith("is not a field of this command", message);
    }

    [Fact]
    public void a_body_that_is_not_utf8_is_refused_where_its_first_bad_byte_stands()
    {
        byte[] body = [.. "{\n\"title\":\"Mu"u8, 0xFC, .. "nchen\"}"u8];

        Assert.Equal(("body", "is not UTF-8 text: the byte at line 2, position 12 is not part of a UTF-8 character."), JsonBodyErrors.NotUtf8(body));
        Assert.Null(JsonBodyErrors.NotUtf8("{\"title\":\"München\"}"u8));
    }
}
