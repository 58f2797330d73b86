using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// Records one of the document's dates as written and as EDTF. A document has several: when it was written
/// (<c>created</c>), when what it describes happened (<c>described</c>), when an archive published it.
/// </summary>
public sealed record RecordDate(string? Role, string? AsWritten, string? Edtf, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RecordDate>
    {
        public Validator()
        {
            RuleFor(x => x.Role).Listed(DateRoles.All, "role");
            RuleFor(x => x.AsWritten).RequiredLine(200);
            RuleFor(x => x.Edtf).Edtf();
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class RecordDateEndpoint
{
    public static Decision Decide(RecordDate command, CatalogueRecord record)
    {
        var date = new DocumentDate(Vocabulary.Named(DateRoles.All, command.Role)!, command.AsWritten!.Trim(), command.Edtf!.Trim());
        var existing = record.DateFor(date.Role);
        if (existing is null) return Decision.Append(new DateRecorded(date.Role, date.AsWritten, date.Edtf));
        if (existing == date) return Decision.Nothing;
        if (!command.SaysWhy()) return Decision.NeedsReason($"a {date.Role} date");
        return Decision.Append(new DateRevised(date.Role, date.AsWritten, date.Edtf));
    }

    [WolverinePost("/api/records/{id}/dates")]
    public static Task<IResult> Post(Guid id, RecordDate command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}
