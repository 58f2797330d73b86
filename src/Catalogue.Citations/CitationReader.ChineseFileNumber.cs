namespace Catalogue.Citations;

// The PRC Foreign Ministry Archive: a file number, then pages.
internal sealed partial class CitationReader
{
    /// <summary>"PRC FMA 109-01038-02, 1-10": a file number that is one identifier with its dashes, then pages.</summary>
    private void InterpretChineseFileNumber(Draft draft)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            if (draft.FileNumber is null && tokens[p.First].Kind == TokenKind.Number && IsIdentifier(p) && text.AsSpan(p.Start, p.End - p.Start).IndexOfAny('-', '–') > 0)
            {
                draft.FileNumber = Slice(p);
                parts[i] = p with { Used = true };
            }
            else if (draft.Pages is null && ReadFolios(p.First, out var last, out var pages) && last == p.Last)
            {
                draft.Pages = pages;
                parts[i] = p with { Used = true };
            }
        }
    }
}
