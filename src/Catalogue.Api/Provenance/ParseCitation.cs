using Catalogue.Api.Validation;
using Catalogue.Citations;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Provenance;

/// <summary>Reads a citation as written into archival references, without recording anything.</summary>
public sealed record ParseCitation(string? Citation)
{
    public sealed class Validator : AbstractValidator<ParseCitation>
    {
        public Validator()
        {
            RuleFor(x => x.Citation).NotEmpty().WithMessage("'citation' is required.")
                .MaximumLength(CatalogueRules.ShortText * 8);
        }
    }
}

public static class ParseCitationEndpoint
{
    [WolverinePost("/api/citations/parse")]
    public static CitationParse Post(ParseCitation request) => CitationParser.Parse(request.Citation);
}
