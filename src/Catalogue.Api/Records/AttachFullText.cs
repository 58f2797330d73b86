using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// Attaches the document's text in one language, original or translation. Attaching again for the same
/// language and kind replaces that text, which is a correction and needs a reason.
/// </summary>
public sealed record AttachFullText(string? Text, string? Language, string? Kind, long? Version = null, string? Reason = null) : IRecordCommand
{
    /// <summary>
    /// As many characters as a page may hold bytes: a UTF-8 page has no more characters than bytes, so a page that fits
    /// its limit is never refused for the length of its text.
    /// </summary>
    public const int MaxLength = Imports.ImportEndpoint.MaxPageBytes;

    public sealed class Validator : AbstractValidator<AttachFullText>
    {
        public Validator()
        {
            RuleFor(x => x.Text).RequiredParagraphs(MaxLength, asWritten: true);
            RuleFor(x => x.Language).LanguageCode();
            RuleFor(x => x.Kind).Listed(TextKinds.All, "kind");
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class AttachFullTextEndpoint
{
    public static Decision Decide(AttachFullText command, CatalogueRecord record)
    {
        // Kept as sent, as a JSON-lines import keeps it: a transcription's first line may be indented and its last end
        // with a line break, and a client checks the SHA-256 the record lists against its own file.
        var text = command.Text!;
        var language = LanguageCodes.Canonical(command.Language!);
        var kind = Vocabulary.Named(TextKinds.All, command.Kind)!;
        var existing = record.FullTexts.FirstOrDefault(t => t.Is(language, kind));
        if (existing is not null && existing.Holds(text)) return Decision.Nothing;
        if (existing is not null && !command.SaysWhy()) return Decision.NeedsReason($"{(kind == TextKinds.Original ? "an" : "a")} {kind} text in '{language}'");
        return Decision.Append(new FullTextAttached(text, language, kind));
    }

    [WolverinePost("/api/records/{id}/full-texts")]
    public static Task<IResult> Post(Guid id, AttachFullText command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}
