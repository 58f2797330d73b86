namespace Catalogue.Citations;

/// <summary>Why a fragment of a citation was left as written.</summary>
internal static class UnparsedReasons
{
    public const string BeforeReference = "text before the reference was not interpreted";
    public const string AfterReference = "text after the reference was not interpreted";
    public const string WithinReference = "text within the reference was not interpreted";
    public const string NotGiven = "note that part of the reference is not given";
    public const string NotRecognised = "no archival reference or publication was recognised";
    public const string ParserFailure = "the citation parser failed on this text; it is kept as written";
}
