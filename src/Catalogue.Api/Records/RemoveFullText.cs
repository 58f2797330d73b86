using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// Takes the text in one language and kind off a record. The text itself stays in the history, with the event that
/// attached it. A removal must say why.
/// </summary>
public sealed record RemoveFullText(string? Language, string? Kind, string? Reason, long? Version = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RemoveFullText>
    {
        public Validator()
        {
            RuleFor(x => x.Language).LanguageCode();
            RuleFor(x => x.Kind).Listed(TextKinds.All, "kind");
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class RemoveFullTextEndpoint
{
    public static Decision Decide(RemoveFullText command, CatalogueRecord record)
    {
        var language = LanguageCodes.Canonical(command.Language!);
        var kind = Vocabulary.Named(TextKinds.All, command.Kind)!;
        var held = record.FullTexts.FirstOrDefault(t => t.Is(language, kind));
        return held is not null
            ? Decision.Append(new FullTextRemoved(language, held.Kind))
            : Decision.Refuse("No such full text", $"The record has no {kind} text in '{language}' to remove.");
    }

    [WolverinePost("/api/records/{id}/full-texts/removal")]
    public static Task<IResult> Post(Guid id, RemoveFullText command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}
