namespace Catalogue.Citations;

// A reference as read: the draft its locators and texts fill, and the scheme that says what its texts are.
internal sealed partial class CitationReader
{
    /// <summary>What a reference's texts are depends on how its repository cites: its scheme reads what the keyed locators left.</summary>
    private void Interpret(CitationScheme scheme, Draft draft)
    {
        switch (scheme)
        {
            case CitationScheme.American:
                InterpretAmerican(draft);
                break;
            case CitationScheme.ChineseFileNumber:
                InterpretChineseFileNumber(draft);
                break;
            case CitationScheme.Signature:
                InterpretSignature(draft);
                break;
            case CitationScheme.Hungarian:
                InterpretHungarian(draft);
                break;
        }
    }

    private string Slice(in TextPart part) => text[part.Start..part.End];

    private bool IsIdentifier(in TextPart part) => ReadIdentifier(part.First, out var last) && last == part.Last;

    private sealed class Draft
    {
        public string? Repository { get; set; }

        public string? RepositoryAsWritten { get; set; }

        public bool RepositoryKnown { get; set; }

        public string? Fond { get; set; }

        public string? Opis { get; set; }

        public string? Delo { get; set; }

        public string? Poryadok { get; set; }

        public string? Papka { get; set; }

        public string? Folios { get; set; }

        public string? FileNumber { get; set; }

        public string? DocumentNumber { get; set; }

        public string? Pages { get; set; }

        public string? Box { get; set; }

        public string? RecordGroup { get; set; }

        public string? Series { get; set; }

        public string? Signature { get; set; }

        public string? Year { get; set; }

        public string? Issue { get; set; }

        public string? Country { get; set; }

        public string? Collection { get; set; }

        public string? Folder { get; set; }

        public string? Lot { get; set; }

        public string? Classification { get; set; }

        public string? Publication { get; set; }

        public ParsedReference ToReference(string raw) => new()
        {
            Repository = Repository,
            RepositoryAsWritten = RepositoryAsWritten,
            RepositoryKnown = RepositoryKnown,
            Fond = Fond,
            Opis = Opis,
            Delo = Delo,
            Poryadok = Poryadok,
            Papka = Papka,
            Folios = Folios,
            FileNumber = FileNumber,
            DocumentNumber = DocumentNumber,
            Pages = Pages,
            Box = Box,
            RecordGroup = RecordGroup,
            Series = Series,
            Signature = Signature,
            Year = Year,
            Issue = Issue,
            Country = Country,
            Collection = Collection,
            Folder = Folder,
            Lot = Lot,
            Classification = Classification,
            Publication = Publication,
            Raw = raw,
        };
    }
}
