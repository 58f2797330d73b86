namespace Catalogue.Citations.Tests.Support;

public static class Parsed
{
    /// <summary>The citation's one reference, after checking that nothing else was read or left over.</summary>
    public static ParsedReference Only(string citation)
    {
        var parse = CitationParser.Parse(citation);
        Assert.Empty(parse.Unparsed);
        return Assert.Single(parse.References);
    }

    public static UnparsedFragment Fragment(string text, string reason) => new(text, reason);
}
