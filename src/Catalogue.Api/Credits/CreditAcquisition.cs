using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Credits;

/// <summary>What a person did to bring the copy to the catalogue, in the words credit lines use.</summary>
public static class AcquisitionRoles
{
    /// <summary>Found the document in its archive and had it copied ("Obtained for CWIHP by …").</summary>
    public const string Obtained = "obtained";

    /// <summary>Gave a copy they held ("Contributed by …").</summary>
    public const string Contributed = "contributed";

    public const string Donated = "donated";

    /// <summary>Made a copy available ("Provided by …", "Made available by …").</summary>
    public const string Provided = "provided";

    public static readonly IReadOnlyList<string> All = [Obtained, Contributed, Donated, Provided];
}

/// <summary>
/// Credits the people through whom the copy reached the catalogue: their role, who they are, and the credit line as
/// written ("Obtained for CWIHP by A. N. Other and translated for CWIHP by B. Translator").
/// </summary>
public sealed record CreditAcquisition(string? Role, IReadOnlyList<string>? People, string? Credit, long? Version = null, string? Reason = null)
    : IRecordCommand
{
    public sealed class Validator : AbstractValidator<CreditAcquisition>
    {
        public Validator()
        {
            RuleFor(x => x.Role).Listed(AcquisitionRoles.All, "role");
            RuleFor(x => x.People).NotEmpty().WithMessage("'people' must name at least one person.")
                .Must(p => p is null || p.Count <= 50).WithMessage("At most 50 people.");
            RuleForEach(x => x.People).RequiredLine(300);
            RuleFor(x => x.Credit).RequiredLine(CatalogueRules.ShortText * 2);
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class CreditAcquisitionEndpoint
{
    public static Decision Decide(CreditAcquisition command, CatalogueRecord record)
    {
        var people = AccessTerms.AsKeptNames(command.People!);
        var role = Vocabulary.Named(AcquisitionRoles.All, command.Role)!;
        var credit = command.Credit!.Trim();
        if (record.AcquisitionCredits.Any(a => a.Role == role && a.Credit == credit && a.People.SequenceEqual(people)))
            return Decision.Nothing;
        return Decision.Append(new AcquisitionCredited(checked((int)record.Version + 1), role, people, credit));
    }

    [WolverinePost("/api/records/{id}/acquisition-credits")]
    public static Task<IResult> Post(Guid id, CreditAcquisition command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}
