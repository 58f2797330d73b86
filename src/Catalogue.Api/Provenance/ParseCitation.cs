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
            // Nothing is recorded, but a citation pasted from a page may wrap: line breaks are allowed here.
            RuleFor(x => x.Citation).RequiredParagraphs(CatalogueRules.ShortText * 8);
        }
    }
}

public static class ParseCitationEndpoint
{
    [WolverinePost("/api/citations/parse")]
    public static CitationParse Post(ParseCitation request) => CitationParser.Parse(request.Citation);
}
