using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>Records the language(s) the original document is written in: ISO 639 code plus the name as written.</summary>
public sealed record RecordOriginalLanguages(IReadOnlyList<Language>? Languages, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RecordOriginalLanguages>
    {
        public Validator()
        {
            RuleFor(x => x.Languages).NotEmpty().WithMessage("'languages' must name at least one language.")
                .AtMost(RecordCapacity.OriginalLanguages, "languages")
                .EachLanguageOnce();
            RuleForEach(x => x.Languages).Present().ChildRules(language =>
            {
                language.RuleFor(x => x.Code).LanguageCode();
                language.RuleFor(x => x.Name).RequiredLine(100);
            });
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class RecordOriginalLanguagesEndpoint
{
    public static Decision Decide(RecordOriginalLanguages command, CatalogueRecord record)
    {
        var languages = command.Languages!.Select(l => new Language(LanguageCodes.Canonical(l.Code.Trim()), l.Name.Trim())).Distinct().ToList();
        if (languages.SequenceEqual(record.OriginalLanguages)) return Decision.Nothing;
        if (record.OriginalLanguages.Count > 0 && !command.SaysWhy()) return Decision.NeedsReason("original languages");
        return Decision.Append(new OriginalLanguagesRecorded(languages));
    }

    [WolverinePost("/api/records/{id}/original-languages")]
    public static Task<IResult> Post(Guid id, RecordOriginalLanguages command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}
