namespace Catalogue.Api.Validation;

/// <summary>
/// A query parameter (or form field) of an endpoint that reads its own query (<see cref="ReadsItsOwnQueryAttribute"/>),
/// as the API description gives it: no parameter of the endpoint's method declares it, so the OpenAPI generator cannot
/// see it. The endpoint reads the names it takes from the same list, so the description cannot name one it refuses.
/// </summary>
/// <param name="Type">The JSON Schema type of one value: <c>string</c> or <c>integer</c>.</param>
public sealed record OwnQueryParameter(string Name, string Description, string Type = "string")
{
    /// <summary>The values taken, when they are a fixed list.</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    /// <summary>Whether the parameter may be given more than once (any of its values).</summary>
    public bool Repeatable { get; init; }

    /// <summary>How many times a repeatable parameter may be given.</summary>
    public int? MaxItems { get; init; }

    public bool Required { get; init; }

    public int? Minimum { get; init; }

    public int? Maximum { get; init; }

    /// <summary>How many characters a value may hold.</summary>
    public int? MaxLength { get; init; }

    /// <summary>A regular expression a value matches.</summary>
    public string? Pattern { get; init; }

    /// <summary>Whether a value may be blank (an empty search box); otherwise a blank value is refused.</summary>
    public bool TakesBlank { get; init; }

    /// <summary>The value taken when the parameter is not given.</summary>
    public string? Default { get; init; }
}
