namespace Catalogue.Citations;

// The Hungarian National Archives: fond and country, box, file, document.
internal sealed partial class CitationReader
{
    /// <summary>"XIX-J-1-j Korea, 11. doboz, 24/b, 002372/1/1958": fond and country, box, file, document.</summary>
    private void InterpretHungarian(Draft draft)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            if (draft.RecordGroup is null && i == 0 && tokens[p.First].Kind == TokenKind.Word && ReadIdentifier(p.First, out var last) && last <= p.Last)
            {
                draft.RecordGroup = text[p.Start..tokens[last].End];
                if (last < p.Last)
                {
                    draft.Country = text[tokens[last + 1].Start..p.End];
                }

                parts[i] = p with { Used = true };
            }
            else if (IsIdentifier(p) && (draft.FileNumber is null || draft.DocumentNumber is null))
            {
                if (draft.FileNumber is null)
                {
                    draft.FileNumber = Slice(p);
                }
                else
                {
                    draft.DocumentNumber = Slice(p);
                }

                parts[i] = p with { Used = true };
            }
        }
    }
}
