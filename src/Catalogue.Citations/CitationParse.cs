namespace Catalogue.Citations;

/// <summary>What <see cref="CitationParser"/> read from one citation, stamped with the parser version that read it.</summary>
public sealed record CitationParse(string ParserVersion, IReadOnlyList<ParsedReference> References, IReadOnlyList<UnparsedFragment> Unparsed);

/// <summary>Part of a citation the parser did not interpret, exactly as written, and why: nothing is dropped silently.</summary>
public sealed record UnparsedFragment(string Text, string Reason);
