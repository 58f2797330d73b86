namespace Catalogue.Citations;

// What a clause is — a label, a repository name, a classification mark, a bare number — asked of items by the second pass.
internal sealed partial class CitationReader
{
    private const int LongestRepositoryName = 300;

    /// <summary>Where the clause after item <paramref name="j"/> ends (its semicolon or sentence end), or -1 when it holds a locator.</summary>
    private int ClauseWithoutLocator(int j)
    {
        for (var k = j + 1; k < itemCount; k++)
        {
            switch (items[k].Kind)
            {
                case ItemKind.Locator:
                    return -1;
                case ItemKind.Semicolon or ItemKind.SentenceEnd:
                    return k;
            }
        }

        return itemCount;
    }

    /// <summary>A bare number ("1-10", "24/b") is a locator where a repository cites by number alone (PRC file numbers, Hungarian files).</summary>
    private bool IsBareNumber(int itemIndex)
    {
        ref var t = ref items[itemIndex];
        return (ReadIdentifier(t.InnerFirst, out var last) && last == t.InnerLast) || IsBareRange(itemIndex);
    }

    private bool IsBareRange(int itemIndex)
    {
        ref var t = ref items[itemIndex];
        return ReadFolios(t.InnerFirst, out var last, out _) && last == t.InnerLast;
    }

    private bool OnlyLabelPending() => pending.Count == 0 || (pending.Count == 1 && pending[0] == label);

    private bool IsLabel(int j)
    {
        ref var t = ref items[j];
        if (!sentenceStart || j + 1 >= itemCount || items[j + 1].Kind != ItemKind.Colon || t.InnerFirst != t.InnerLast)
        {
            return false;
        }

        var word = Chars(tokens[t.InnerFirst]);
        return Vocabulary.Is(word, "source") || Vocabulary.Is(word, "sources");
    }

    private bool NextIsLocator(int j)
    {
        for (var k = j + 1; k < itemCount; k++)
        {
            if (items[k].IsSeparator || (items[k].Kind == ItemKind.Text && !items[k].HasContent))
            {
                continue;
            }

            return items[k].Kind == ItemKind.Locator;
        }

        return false;
    }

    /// <summary>The clause names a known repository, whole ("AP RF") or at its start before a locator ("PRC FMA 109-01038-02").</summary>
    private bool TryResolve(in Item t, out RepositoryAuthorities.Entry entry, out int repositoryEnd, out int remainder)
    {
        entry = null!;
        repositoryEnd = t.InnerEnd;
        remainder = -1;
        var length = t.InnerEnd - t.InnerStart;
        if (length <= LongestRepositoryName && RepositoryAuthorities.Find(text.AsSpan(t.InnerStart, length)) is { } whole)
        {
            entry = whole;
            return true;
        }

        var limit = t.InnerFirst;
        var words = 0;
        for (var k = t.InnerFirst + 1; k <= t.InnerLast && words < 12; k++)
        {
            if (tokens[k].SpaceBefore)
            {
                words++;
                limit = k;
            }
        }

        for (var b = limit; b > t.InnerFirst; b--)
        {
            if (!tokens[b].SpaceBefore || !LooksLikeLocator(b, t.InnerLast))
            {
                continue;
            }

            var nameLength = tokens[b - 1].End - t.InnerStart;
            if (nameLength <= LongestRepositoryName && RepositoryAuthorities.Find(text.AsSpan(t.InnerStart, nameLength)) is { } named)
            {
                entry = named;
                repositoryEnd = tokens[b - 1].End;
                remainder = b;
                return true;
            }
        }

        return false;
    }

    /// <summary>"109-01038-02", "DY 30/3508", "XIX-J-1-j": what follows a repository name in the same clause.</summary>
    private bool LooksLikeLocator(int b, int last)
    {
        var token = tokens[b];
        if (token.Kind == TokenKind.Number)
        {
            return true;
        }

        if (token.Kind != TokenKind.Word || token.Length > 4 || b + 1 > last)
        {
            return false;
        }

        foreach (var c in Chars(token))
        {
            if (!char.IsUpper(c))
            {
                return false;
            }
        }

        return tokens[b + 1].Kind == TokenKind.Number || (IsDash(b + 1) && !tokens[b + 1].SpaceBefore);
    }

    private bool IsClassification(in Item t)
    {
        var level = Vocabulary.ClassificationLevelAt(text, tokens.AsSpan(0, t.InnerLast + 1), t.InnerFirst);
        if (level == 0)
        {
            return false;
        }

        // "Secret Sensitive" and "Top Secret Eyes Only" are marks; "Secret talks were held" is prose.
        var words = 0;
        for (var k = t.InnerFirst + level; k <= t.InnerLast; k++)
        {
            if (tokens[k].Kind == TokenKind.Number || (tokens[k].Kind == TokenKind.Word && (++words > 3 || !char.IsUpper(text[tokens[k].Start]))))
            {
                return false;
            }
        }

        return true;
    }

    private bool HasInstitutionWord(int itemIndex)
    {
        ref var t = ref items[itemIndex];
        for (var k = t.InnerFirst; k <= t.InnerLast && k - t.InnerFirst < 32; k++)
        {
            if (tokens[k].Kind == TokenKind.Word && Vocabulary.IsInstitutionWord(Chars(tokens[k])))
            {
                return true;
            }
        }

        return false;
    }

    private bool LooksLikeRepositoryName(int itemIndex)
    {
        ref var t = ref items[itemIndex];
        if (t.InnerLast - t.InnerFirst > 12)
        {
            return false;
        }

        if (HasInstitutionWord(itemIndex))
        {
            return true;
        }

        for (var k = t.InnerFirst; k <= t.InnerLast; k++)
        {
            if (tokens[k].Kind == TokenKind.Word && tokens[k].Length >= 2 && IsUpper(Chars(tokens[k])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUpper(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    private bool SaysNotGiven(int start, int end)
    {
        var span = text.AsSpan(start, end - start);
        return span.Contains("not given", StringComparison.OrdinalIgnoreCase)
               || span.Contains("not known", StringComparison.OrdinalIgnoreCase)
               || span.Contains("not indicated", StringComparison.OrdinalIgnoreCase)
               || span.Contains("not stated", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The clause without brackets it does not close or open itself: "(Washington National Records Center" → the name.</summary>
    private void Trim(ref Item t)
    {
        if (t.Trimmed)
        {
            return;
        }

        t.Trimmed = true;
        int opens = 0, closes = 0;
        for (var k = t.FirstToken; k <= t.LastToken; k++)
        {
            if (tokens[k].Kind != TokenKind.Symbol)
            {
                continue;
            }

            var c = text[tokens[k].Start];
            opens += c is '(' or '[' ? 1 : 0;
            closes += c is ')' or ']' ? 1 : 0;
        }

        var first = t.FirstToken;
        var last = t.LastToken;
        while (first < last && tokens[first].Kind == TokenKind.Symbol && text[tokens[first].Start] is '(' or '[' && opens > closes)
        {
            first++;
            opens--;
            t.OpensBracket = true;
        }

        while (last > first && tokens[last].Kind == TokenKind.Symbol && text[tokens[last].Start] is ')' or ']' && closes > opens)
        {
            last--;
            closes--;
            t.ClosesBracket = true;
        }

        t.InnerFirst = first;
        t.InnerLast = last;
        t.InnerStart = tokens[first].Start;
        t.InnerEnd = tokens[last].End;
    }
}
