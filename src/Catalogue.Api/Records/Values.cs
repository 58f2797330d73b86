namespace Catalogue.Api.Records;

/// <summary>An identifier the document carries in another system, e.g. scheme "wilson-center", value "117886".</summary>
public sealed record ExternalIdentifier(string Scheme, string Value);

/// <summary>Which date of the document a <see cref="DocumentDate"/> is.</summary>
public static class DateRoles
{
    /// <summary>When the document itself was written or registered ("1 December 1949" for a diary entry).</summary>
    public const string Created = "created";

    /// <summary>When the events the document describes took place (the conversation of 10 November 1949).</summary>
    public const string Described = "described";

    /// <summary>When a digital archive or edition published the document.</summary>
    public const string Published = "published";

    public static readonly IReadOnlyList<string> All = [Created, Described, Published];
}

/// <summary>A date as written on or about the document, with its EDTF (ISO 8601-2) normalisation.</summary>
public sealed record DocumentDate(string Role, string AsWritten, string Edtf);

/// <summary>A person or body named on the document; the role is as the archivist words it ("author", "Soviet Ambassador").</summary>
public sealed record Person(string Name, string? Role = null);

/// <summary>An ISO 639 language code with the language's name as written in the source.</summary>
public sealed record Language(string Code, string Name);

/// <summary>
/// Where the original is kept. Every locator is an identifier kept as text ("0100" is not "100", "059a", "R-9401");
/// <see cref="Citation"/> is the citation exactly as the archivist or source wrote it.
/// </summary>
public sealed record ArchivalReference(
    string? Repository,
    string? Fond,
    string? Opis,
    string? Delo,
    string? Poryadok,
    string? Papka,
    string? Folios,
    string? Citation);

/// <summary>Whether a full text is in the document's original language or a translation of it.</summary>
public static class TextKinds
{
    public const string Original = "original";
    public const string Translation = "translation";

    public static readonly IReadOnlyList<string> All = [Original, Translation];
}
