using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Catalogue.Api.Interop.Bulk;
using Catalogue.Api.Records;
using Catalogue.Api.Validation;
using Catalogue.Tests.Support;
using FluentValidation;

namespace Catalogue.Tests.Validation;

/// <summary>
/// Found from outside: a refusal filed under <c>edtf</c> said "'Edtf' is required", and one under
/// <c>dates[0].asWritten</c> "'As Written' …" — the C# property's name, which the client never sent. A message names
/// the field as the JSON body names it, the key it is filed under.
/// </summary>
public sealed partial class when_a_message_names_a_field(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task a_commands_refusal_names_the_field_as_its_body_does()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var date = (await Api.Post($"/api/records/{id}/dates", new { version = 1, role = "created", asWritten = " ", edtf = "" })).ShouldBe(HttpStatusCode.BadRequest);
        var address = (await Api.Post($"/api/records/{id}/source-url", new { version = 1, sourceUrl = "wilsoncenter.org", reason = "Moved" })).ShouldBe(HttpStatusCode.BadRequest);
        // Found from outside: told in FluentValidation's own words ("The length of 'sourceUrl' must be 2000 characters or fewer. You entered …").
        var tooLong = (await Api.Post($"/api/records/{id}/source-url", new { version = 1, sourceUrl = "https://wilsoncenter.org/" + new string('a', 1_990), reason = "Moved" }))
            .ShouldBe(HttpStatusCode.BadRequest);
        var people = (await Api.Post($"/api/records/{id}/participants", new { version = 1, participants = new object?[] { new { name = "Zhou Enlai" }, new { name = "" }, null } }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("'edtf' is required.", Messages(date, "edtf")[0]);
        Assert.Equal(["'asWritten' is required."], Messages(date, "asWritten"));
        Assert.Equal(["'sourceUrl' must be an absolute http(s) URL."], Messages(address, "sourceUrl"));
        Assert.Equal(["'sourceUrl' may hold at most 2,000 characters; it holds 2,015."], Messages(tooLong, "sourceUrl"));
        Assert.Equal(["'participants[1].name' is required."], Messages(people, "participants[1].name"));
        Assert.Equal(["'participants[2]' must not be null: give the item, or leave it out of the list."], Messages(people, "participants[2]"));
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_json_lines_problem_names_the_field_by_its_path_in_the_line()
    {
        var lines = """{"title":"Undated telegram","dates":[{"role":"created","asWritten":"spring 1950","edtf":"spring"}],"acquisitionCredits":[{"role":"found","people":["A. N. Other"],"credit":"Found by A. N. Other"}]}""";

        var reply = (await Api.PostRaw("/api/imports/jsonl", lines, "application/x-ndjson")).ShouldBe(HttpStatusCode.OK).Json;

        var problems = reply["problems"]!.AsArray().ToDictionary(p => p!["field"]!.GetValue<string>(), p => p!["message"]!.GetValue<string>());
        Assert.StartsWith("'dates[0].edtf' must be an EDTF date", problems["dates[0].edtf"]);
        Assert.StartsWith("'acquisitionCredits[0].role' must be one of: obtained", problems["acquisitionCredits[0].role"]);
    }

    /// <summary>
    /// Every command's validator, given a command of nothing but nulls and empty lists and one of blanks, and the import's
    /// line: no message names a field by the name FluentValidation would make of the C# property ('Edtf', 'Source Url').
    /// </summary>
    [Theory, MemberData(nameof(Validators))]
    public void no_message_names_a_field_as_csharp_does(string validator)
    {
        var type = typeof(AccessionRecord).Assembly.GetType(validator)!;
        var instance = (IValidator)Activator.CreateInstance(type)!;
        var commandType = type.BaseType!.GetGenericArguments()[0];

        foreach (var command in Commands(commandType))
        {
            foreach (var failure in instance.Validate(new ValidationContext<object>(command)).Errors)
            {
                var csharpName = PascalWords().Replace(failure.PropertyName[(failure.PropertyName.LastIndexOfAny(['.', ']']) + 1)..], " $1").Trim();
                var jsonName = RequestValidation.ToCamelCasePath(failure.PropertyName);
                Assert.False(
                    failure.ErrorMessage.Contains($"'{csharpName}'", StringComparison.Ordinal) && csharpName != jsonName,
                    $"{commandType.Name}: '{jsonName}' is told as '{csharpName}': {failure.ErrorMessage}");
            }
        }
    }

    public static TheoryData<string> Validators => [.. typeof(AccessionRecord).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsGenericType: false } && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(AbstractValidator<>)
            && t.GetConstructor(Type.EmptyTypes) is not null && b.GetGenericArguments()[0] is { IsInterface: false, IsAbstract: false })
        .Select(t => t.FullName!)
        .Order()];

    /// <summary>The command with every field null (lists empty), and with every text field blank and every list holding one null.</summary>
    private static IEnumerable<object> Commands(Type type)
    {
        yield return Filled(type, p => p.PropertyType == typeof(string) ? null : EmptyOrNull(p.PropertyType));
        yield return Filled(type, p => p.PropertyType == typeof(string) ? " " : OneNull(p.PropertyType));
    }

    private static object Filled(Type type, Func<System.Reflection.PropertyInfo, object?> value)
    {
        var command = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in type.GetProperties().Where(p => p.CanWrite))
        {
            if (property.PropertyType == typeof(string) || IsList(property.PropertyType)) property.SetValue(command, value(property));
        }

        return command;
    }

    private static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);

    private static object? EmptyOrNull(Type type) => IsList(type) ? Array.CreateInstance(type.GetGenericArguments()[0], 0) : null;

    private static object? OneNull(Type type) => IsList(type) ? Array.CreateInstance(type.GetGenericArguments()[0], 1) : null;

    private static IReadOnlyList<string> Messages(Reply reply, string field) => [.. reply.Json["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>())];

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex PascalWords();
}
