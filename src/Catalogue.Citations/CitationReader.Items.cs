using System.Text;

namespace Catalogue.Citations;

internal enum ItemKind : byte
{
    Text,
    Locator,
    Comma,
    Semicolon,
    Colon,
    SentenceEnd,

    /// <summary>"and" / "и" / "&amp;" right after a locator: it joins two references.</summary>
    Connector,
}

/// <summary>A clause of running text, a keyed locator ("f. 558", "ll. 92-93 ob.", "Year: 1954"), or punctuation.</summary>
internal struct Item
{
    public ItemKind Kind;
    public int Start;
    public int End;
    public int FirstToken;
    public int LastToken;
    public int Sentence;

    /// <summary>Punctuation inside brackets or quotes: it does not split the text around it.</summary>
    public bool Nested;

    // Locators
    public Field Field;
    public int ValueStart;
    public int ValueEnd;
    public string? Tidied;

    // Text: has a letter or digit; the clause without unmatched brackets at its edges.
    public bool HasContent;
    public bool Trimmed;
    public int InnerStart;
    public int InnerEnd;
    public int InnerFirst;
    public int InnerLast;
    public bool OpensBracket;
    public bool ClosesBracket;

    /// <summary>Text set aside after a reference: kept as a fragment, never taken as a repository, collection or folder.</summary>
    public bool Aside;

    public readonly bool IsSeparator => Kind is ItemKind.Comma or ItemKind.Semicolon or ItemKind.Colon or ItemKind.SentenceEnd;
}

/// <summary>First pass: tokens into items. Every token is looked at a bounded number of times.</summary>
internal sealed partial class CitationReader
{
    private const int LongestIdentifier = 40;
    private const int LongestLot = 12;

    private readonly StringBuilder tidy = new();
    private string text = string.Empty;
    private Token[] tokens = new Token[256];
    private int tokenCount;
    private Item[] items = new Item[64];
    private int itemCount;
    private int sentence;

    private enum Stop
    {
        No,
        Yes,

        /// <summary>The period belongs to an abbreviation ("WPB Chron.") and ends the sentence too.</summary>
        AfterAbbreviation,
    }

    private ReadOnlySpan<char> Chars(in Token token) => text.AsSpan(token.Start, token.Length);

    private bool IsSymbol(int i, char c) => i < tokenCount && tokens[i].Kind == TokenKind.Symbol && text[tokens[i].Start] == c;

    private bool IsDash(int i) => i < tokenCount && tokens[i].Kind == TokenKind.Symbol && text[tokens[i].Start] is '-' or '–' or '—' or '‐' or '‑';

    private void BuildItems()
    {
        itemCount = 0;
        var brackets = 0;
        var quotes = 0;
        var straightQuote = false;
        var clauseStart = true;
        sentence = 0;
        var i = 0;
        while (i < tokenCount)
        {
            var token = tokens[i];
            var nested = brackets > 0 || quotes > 0 || straightQuote;
            if (token.Kind == TokenKind.Symbol)
            {
                var c = text[token.Start];
                var separator = c switch
                {
                    ',' => ItemKind.Comma,
                    ';' => ItemKind.Semicolon,
                    // "10:39" and "https://" are not separators.
                    ':' when i + 1 == tokenCount || tokens[i + 1].SpaceBefore => ItemKind.Colon,
                    _ => ItemKind.Text,
                };

                if (c == '.')
                {
                    var stop = SentenceEndAt(i);
                    if (stop == Stop.AfterAbbreviation)
                    {
                        AppendText(i, nested);
                        Add(new Item { Kind = ItemKind.SentenceEnd, Start = token.End, End = token.End, FirstToken = i, LastToken = i, Sentence = sentence, Nested = nested });
                        sentence++;
                        clauseStart = true;
                        i++;
                        continue;
                    }

                    if (stop == Stop.Yes)
                    {
                        separator = ItemKind.SentenceEnd;
                    }
                }

                if (separator != ItemKind.Text)
                {
                    Add(new Item { Kind = separator, Start = token.Start, End = token.End, FirstToken = i, LastToken = i, Sentence = sentence, Nested = nested });
                    if (separator == ItemKind.SentenceEnd)
                    {
                        sentence++;
                    }

                    clauseStart = true;
                    i++;
                    continue;
                }

                if (c == '&' && clauseStart && FollowsLocator())
                {
                    Add(new Item { Kind = ItemKind.Connector, Start = token.Start, End = token.End, FirstToken = i, LastToken = i, Sentence = sentence });
                    i++;
                    continue;
                }

                switch (c)
                {
                    case '(' or '[' or '{':
                        brackets++;
                        break;
                    case ')' or ']' or '}':
                        brackets = Math.Max(0, brackets - 1);
                        break;
                    case '“' or '«' or '„':
                        quotes++;
                        break;
                    case '”' or '»':
                        quotes = Math.Max(0, quotes - 1);
                        break;
                    case '"':
                        straightQuote = !straightQuote;
                        break;
                }

                // Brackets and dashes leave a clause open: "(f. 558, …)" still starts with a locator.
                AppendText(i, nested);
                i++;
                continue;
            }

            if (token.Kind == TokenKind.Word && clauseStart && i + 1 < tokenCount && FollowsLocator() && Vocabulary.IsConnector(Chars(token)))
            {
                Add(new Item { Kind = ItemKind.Connector, Start = token.Start, End = token.End, FirstToken = i, LastToken = i, Sentence = sentence });
                i++;
                continue;
            }

            if (TryLocator(i, clauseStart, out var locator))
            {
                locator.Sentence = sentence;
                Add(locator);
                i = locator.LastToken + 1;
                clauseStart = true;
                continue;
            }

            AppendText(i, nested);
            clauseStart = false;
            i++;
        }
    }

    private bool FollowsLocator()
    {
        for (var k = itemCount - 1; k >= 0; k--)
        {
            if (items[k].Kind is ItemKind.Comma or ItemKind.Semicolon)
            {
                continue;
            }

            return items[k].Kind == ItemKind.Locator;
        }

        return false;
    }

    private void Add(in Item item)
    {
        if (itemCount == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        items[itemCount++] = item;
    }

    private void AppendText(int i, bool nested)
    {
        var token = tokens[i];
        var content = token.Kind != TokenKind.Symbol;
        if (itemCount > 0 && items[itemCount - 1].Kind == ItemKind.Text)
        {
            ref var last = ref items[itemCount - 1];
            last.End = token.End;
            last.LastToken = i;
            last.HasContent |= content;
            return;
        }

        // Punctuation inside brackets or quotes does not split a clause: "(New York: Harcourt Brace Jovanovich, 1977)".
        if (nested && itemCount >= 2 && items[itemCount - 1].IsSeparator && items[itemCount - 1].Nested && items[itemCount - 2].Kind == ItemKind.Text)
        {
            itemCount--;
            if (items[itemCount].Kind == ItemKind.SentenceEnd)
            {
                sentence--;
            }

            ref var before = ref items[itemCount - 1];
            before.End = token.End;
            before.LastToken = i;
            before.HasContent |= content;
            return;
        }

        Add(new Item { Kind = ItemKind.Text, Start = token.Start, End = token.End, FirstToken = i, LastToken = i, HasContent = content, Sentence = sentence });
    }

    private Stop SentenceEndAt(int i)
    {
        if (i + 1 < tokenCount && !tokens[i + 1].SpaceBefore && !IsClosing(i + 1))
        {
            return Stop.No; // "N.V.", "2.035", "a.m."
        }

        if (i == 0 || tokens[i - 1].Kind != TokenKind.Word || tokens[i - 1].End != tokens[i].Start)
        {
            return Stop.Yes;
        }

        var word = Chars(tokens[i - 1]);
        var initial = word.Length == 1 && char.IsUpper(word[0]);
        if (!initial && !Vocabulary.IsAbbreviation(word))
        {
            return Stop.Yes;
        }

        // "Michael B. Petrovich" and "Vol. I" go on; "POL 27 VIET S. Secret" and "WPB Chron. Top Secret" end before a classification.
        if (!ClassificationAhead(i + 1))
        {
            return Stop.No;
        }

        return initial ? Stop.Yes : Stop.AfterAbbreviation;
    }

    private bool IsClosing(int i) =>
        tokens[i].Kind == TokenKind.Symbol && text[tokens[i].Start] is ')' or ']' or '}' or '"' or '”' or '»' or '\'' or '’';

    private bool ClassificationAhead(int first)
    {
        var length = Vocabulary.ClassificationLevelAt(text, tokens.AsSpan(0, tokenCount), first);
        if (length == 0)
        {
            return false;
        }

        var after = first + length;
        return after >= tokenCount || tokens[after].Kind == TokenKind.Symbol || char.IsUpper(text[tokens[after].Start]);
    }

    private bool TryLocator(int i, bool clauseStart, out Item locator)
    {
        locator = default;
        var token = tokens[i];
        if (token.Kind == TokenKind.Number)
        {
            return clauseStart && TryPostfixLocator(i, out locator);
        }

        if (token.Kind != TokenKind.Word)
        {
            return false;
        }

        Field field;
        KeyUse use;
        var keyLast = i;
        if (Vocabulary.Is(Chars(token), "record") && i + 1 < tokenCount && Vocabulary.Is(Chars(tokens[i + 1]), "group"))
        {
            (field, use, keyLast) = (Field.RecordGroup, KeyUse.Anywhere, i + 1);
        }
        else if (!Vocabulary.TryKey(Chars(token), out field, out use))
        {
            return false;
        }

        var j = keyLast + 1;
        var period = IsSymbol(j, '.') && !tokens[j].SpaceBefore;
        if (period)
        {
            j++;
        }

        var colon = IsSymbol(j, ':') && !tokens[j].SpaceBefore;
        if (colon)
        {
            j++;
        }

        if (j >= tokenCount
            || ((use & KeyUse.NeedsColon) != 0 && !colon)
            || (!clauseStart && !period && (use & KeyUse.Anywhere) == 0)
            || (!period && !colon && !tokens[j].SpaceBefore))
        {
            return false; // "F. Kennedy" has no value; "L92" is not a key; "Country File" is a name
        }

        string? tidied = null;
        int last;
        var read = field switch
        {
            Field.Folios or Field.Pages or Field.PapkaOrPages => ReadFolios(j, out last, out tidied),
            Field.Issue => ReadIdentifierList(j, out last),
            Field.Country => ReadFreeText(j, out last),
            Field.Lot or Field.Job or Field.Frc => ReadLotNumber(j, out last),
            _ => ReadIdentifier(j, out last),
        };

        if (!read)
        {
            return false;
        }

        locator = new Item
        {
            Kind = ItemKind.Locator,
            Start = token.Start,
            End = tokens[last].End,
            FirstToken = i,
            LastToken = last,
            Field = field,
            ValueStart = tokens[j].Start,
            ValueEnd = tokens[last].End,
            Tidied = tidied,
        };
        return true;
    }

    /// <summary>Hungarian keys come after the number: "11. doboz" (box 11), "24. tétel" (file 24).</summary>
    private bool TryPostfixLocator(int i, out Item locator)
    {
        locator = default;
        if (!ReadIdentifier(i, out var last))
        {
            return false;
        }

        var k = last + 1;
        if (IsSymbol(k, '.') && !tokens[k].SpaceBefore)
        {
            k++;
        }

        if (k >= tokenCount || tokens[k].Kind != TokenKind.Word)
        {
            return false;
        }

        var word = Chars(tokens[k]);
        var field = Vocabulary.Is(word, "doboz") ? Field.Box
            : Vocabulary.Is(word, "tétel") || Vocabulary.Is(word, "tetel") ? Field.FileNumber
            : Field.None;
        if (field == Field.None)
        {
            return false;
        }

        locator = new Item
        {
            Kind = ItemKind.Locator,
            Start = tokens[i].Start,
            End = tokens[k].End,
            FirstToken = i,
            LastToken = k,
            Field = field,
            ValueStart = tokens[i].Start,
            ValueEnd = tokens[last].End,
        };
        return true;
    }

    /// <summary>An identifier kept as written: "0100", "059a", "R-9401", "30/3508", "2.035"; it has a digit.</summary>
    private bool ReadIdentifier(int j, out int last)
    {
        last = j;
        if (j >= tokenCount)
        {
            return false;
        }

        var first = tokens[j];
        var digit = first.Kind == TokenKind.Number;
        if (!digit)
        {
            // A short letter prefix: "R-9401", "Р-9401", "XIX-J-1-j".
            if (first.Kind != TokenKind.Word || first.Length > 4 || j + 1 >= tokenCount || tokens[j + 1].SpaceBefore
                || (tokens[j + 1].Kind != TokenKind.Number && !IsDash(j + 1)))
            {
                return false;
            }
        }

        var k = j;
        while (k - j < LongestIdentifier && k + 1 < tokenCount && !tokens[k + 1].SpaceBefore)
        {
            var next = tokens[k + 1];
            if (next.Kind is TokenKind.Word or TokenKind.Number)
            {
                if (next.Kind == TokenKind.Word && Vocabulary.IsVerso(Chars(next)))
                {
                    break;
                }

                digit |= next.Kind == TokenKind.Number;
                k++;
                continue;
            }

            var joiner = text[next.Start];
            if (joiner is '-' or '–' or '—' or '/' or '.'
                && k + 2 < tokenCount && !tokens[k + 2].SpaceBefore && tokens[k + 2].Kind != TokenKind.Symbol
                && (joiner != '.' || (tokens[k].Kind == TokenKind.Number && tokens[k + 2].Kind == TokenKind.Number)))
            {
                digit |= tokens[k + 2].Kind == TokenKind.Number;
                k += 2;
                continue;
            }

            break;
        }

        last = k;
        return digit;
    }

    /// <summary>Identifiers one after another: "Issues 20 221 10 4", "20, 221".</summary>
    private bool ReadIdentifierList(int j, out int last)
    {
        if (!ReadIdentifier(j, out last))
        {
            return false;
        }

        while (true)
        {
            var next = last + 1;
            if (IsSymbol(next, ','))
            {
                next++;
            }

            if (next >= tokenCount || tokens[next].Kind != TokenKind.Number || !ReadIdentifier(next, out var more))
            {
                return true;
            }

            last = more;
        }
    }

    /// <summary>Words up to the end of the clause: "Country: the Democratic People’s Republic of Korea".</summary>
    private bool ReadFreeText(int j, out int last)
    {
        last = j;
        if (tokens[j].Kind == TokenKind.Symbol)
        {
            return false;
        }

        while (last + 1 < tokenCount)
        {
            var next = last + 1;
            if (tokens[next].Kind == TokenKind.Symbol)
            {
                var c = text[tokens[next].Start];
                if (c is ',' or ';' || (c == ':' && (next + 1 == tokenCount || tokens[next + 1].SpaceBefore)) || (c == '.' && SentenceEndAt(next) != Stop.No))
                {
                    break;
                }
            }

            last = next;
        }

        return true;
    }

    /// <summary>Lot, job and accession numbers run over spaces: "85 D 240", "80–B01285A", "70 A 1265".</summary>
    private bool ReadLotNumber(int j, out int last)
    {
        last = j;
        if (tokens[j].Kind != TokenKind.Number)
        {
            return false;
        }

        var k = j;
        while (k - j < LongestLot && k + 1 < tokenCount)
        {
            var next = tokens[k + 1];
            if (!next.SpaceBefore && next.Kind != TokenKind.Symbol)
            {
                k++;
            }
            else if (!next.SpaceBefore && IsDash(k + 1) && k + 2 < tokenCount && !tokens[k + 2].SpaceBefore && tokens[k + 2].Kind != TokenKind.Symbol)
            {
                k += 2;
            }
            else if (next.SpaceBefore && next.Kind == TokenKind.Number)
            {
                k++;
            }
            else if (next.SpaceBefore && next.Kind == TokenKind.Word && next.Length <= 2 && char.IsUpper(text[next.Start])
                     && k + 2 < tokenCount && tokens[k + 2].Kind == TokenKind.Number)
            {
                k++;
            }
            else
            {
                break;
            }
        }

        last = k;
        return true;
    }

    /// <summary>Folios or pages, tidied: "92-93 ob." → "92-93ob", "2-2 ob." → "2-2ob", "12, 14-15" kept as a list.</summary>
    private bool ReadFolios(int j, out int last, out string? tidied)
    {
        tidied = null;
        tidy.Clear();
        if (!ReadFolioRange(j, out last))
        {
            return false;
        }

        while (true)
        {
            var next = last + 1;
            if (IsSymbol(next, ',') || (next < tokenCount && tokens[next].Kind == TokenKind.Word && Vocabulary.IsConnector(Chars(tokens[next]))))
            {
                next++;
            }
            else
            {
                break;
            }

            var mark = tidy.Length;
            tidy.Append(", ");
            if (next >= tokenCount || tokens[next].Kind != TokenKind.Number || !ReadFolioRange(next, out var more) || !EndsFolioList(more + 1))
            {
                tidy.Length = mark;
                break;
            }

            last = more;
        }

        tidied = tidy.ToString();
        return true;
    }

    /// <summary>A further folio after a comma must not be the start of something else ("ll. 5, 12 August 1950").</summary>
    private bool EndsFolioList(int next) =>
        next >= tokenCount
        || tokens[next].Kind == TokenKind.Symbol
        || !tokens[next].SpaceBefore
        || Vocabulary.IsConnector(Chars(tokens[next]))
        || Vocabulary.TryKey(Chars(tokens[next]), out _, out _);

    private bool ReadFolioRange(int j, out int last)
    {
        if (!ReadFolio(j, out last))
        {
            return false;
        }

        // A dash, spaced or not, then the last folio: "81-85", "92 - 93 ob."
        if (IsDash(last + 1) && last + 2 < tokenCount && tokens[last + 2].Kind == TokenKind.Number)
        {
            tidy.Append('-');
            return ReadFolio(last + 2, out last);
        }

        return true;
    }

    private bool ReadFolio(int j, out int last)
    {
        last = j;
        if (j >= tokenCount || tokens[j].Kind != TokenKind.Number)
        {
            return false;
        }

        tidy.Append(Chars(tokens[j]));
        var k = j;

        // A letter suffix "12a", but "12ob" is folio 12 verso.
        if (k + 1 < tokenCount && !tokens[k + 1].SpaceBefore && tokens[k + 1].Kind == TokenKind.Word
            && tokens[k + 1].Length <= 2 && !Vocabulary.IsVerso(Chars(tokens[k + 1])))
        {
            k++;
            tidy.Append(Chars(tokens[k]));
        }

        if (k + 1 < tokenCount && tokens[k + 1].Kind == TokenKind.Word && Vocabulary.IsVerso(Chars(tokens[k + 1])))
        {
            k++;
            tidy.Append("ob");
            if (IsSymbol(k + 1, '.') && (k + 2 >= tokenCount || tokens[k + 2].SpaceBefore || tokens[k + 2].Kind == TokenKind.Symbol))
            {
                k++;
            }
        }

        last = k;
        return true;
    }
}
