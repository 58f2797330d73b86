namespace Catalogue.Citations;

// Published sources: a description ending in an imprint in brackets, then pages.
internal sealed partial class CitationReader
{
    private void InterpretPublication(Draft draft)
    {
        for (var i = 0; i < parts.Count && draft.Pages is null; i++)
        {
            var p = parts[i];
            if (ReadFolios(p.First, out var last, out var pages) && last == p.Last)
            {
                draft.Pages = pages;
                parts[i] = p with { Used = true };
            }
        }
    }

    /// <summary>End of a publisher's imprint in brackets — "(New York: Harcourt Brace Jovanovich, 1977)" — or -1.</summary>
    private int ImprintEnd(int itemIndex)
    {
        ref var t = ref items[itemIndex];
        var depth = 0;
        var colon = false;
        var year = false;
        var digits = 0;
        for (var x = t.InnerStart; x < t.InnerEnd; x++)
        {
            var ch = text[x];
            if (ch is '(' or '[')
            {
                colon = depth == 0 ? false : colon;
                year = depth == 0 ? false : year;
                depth++;
                digits = 0;
                continue;
            }

            if (ch is ')' or ']')
            {
                if (depth > 0 && --depth == 0 && colon && year)
                {
                    return x + 1;
                }

                digits = 0;
                continue;
            }

            if (depth == 0)
            {
                continue;
            }

            colon |= ch == ':';
            digits = char.IsAsciiDigit(ch) ? digits + 1 : 0;
            if (digits == 4 && (x + 1 == t.InnerEnd || !char.IsAsciiDigit(text[x + 1])) && (x < 4 || !char.IsAsciiDigit(text[x - 4])))
            {
                var value = ((text[x - 3] - '0') * 1000) + ((text[x - 2] - '0') * 100) + ((text[x - 1] - '0') * 10) + (text[x] - '0');
                year |= value is >= 1400 and <= 2099;
            }
        }

        return -1;
    }

    /// <summary>Where a publication's description starts: credits that open a run after a reference are not part of it.</summary>
    private int PublicationStart(int from, int imprint)
    {
        if (references.Count == 0 && from == 0)
        {
            return from;
        }

        var first = from;
        while (first < imprint)
        {
            ref var t = ref items[pending[first]];
            var opensSentence = first == from || items[pending[first - 1]].Sentence != t.Sentence;
            if (!opensSentence || tokens[t.InnerFirst].Kind != TokenKind.Word || !Vocabulary.IsCreditWord(Chars(tokens[t.InnerFirst])))
            {
                break;
            }

            var sentenceOfCredit = t.Sentence;
            while (first < imprint && items[pending[first]].Sentence == sentenceOfCredit)
            {
                first++;
            }
        }

        return first;
    }

    /// <summary>Text after the imprint in the same clause ("(Moscow: Materik, 2005) 464") is read like a following clause.</summary>
    private void FollowImprint(Candidate c, int imprintItem, int imprintEnd)
    {
        ref var t = ref items[imprintItem];
        for (var k = t.InnerFirst; k <= t.InnerLast; k++)
        {
            if (tokens[k].Start >= imprintEnd && tokens[k].Kind != TokenKind.Symbol)
            {
                c.RemainderFirst = k;
                c.RemainderLast = t.InnerLast;
                return;
            }
        }
    }
}
