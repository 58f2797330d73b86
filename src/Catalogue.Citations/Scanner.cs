using System.Globalization;
using System.Text;

namespace Catalogue.Citations;

internal enum TokenKind : byte
{
    Word,
    Number,
    Symbol,
}

/// <summary>A run of letters, a run of digits, or one other character, with whether white space came before it.</summary>
internal readonly struct Token(int start, int length, TokenKind kind, bool spaceBefore)
{
    public readonly int Start = start;
    public readonly int Length = length;
    public readonly TokenKind Kind = kind;
    public readonly bool SpaceBefore = spaceBefore;

    public int End => Start + Length;
}

/// <summary>Splits a citation into tokens in one pass; every later step works on tokens, so nothing backtracks over the text.</summary>
internal static class Scanner
{
    public static int Tokenize(string text, ref Token[] tokens)
    {
        var count = 0;
        var space = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsSpace(c))
            {
                space = true;
                i++;
                continue;
            }

            var start = i;
            TokenKind kind;
            if (LetterWidth(text, i) is var width && width > 0)
            {
                kind = TokenKind.Word;
                i += width;
                while (i < text.Length)
                {
                    if (LetterWidth(text, i) is var more && more > 0)
                    {
                        i += more;
                    }
                    else if (IsMark(text[i]))
                    {
                        i++;
                    }
                    else if (IsApostrophe(text[i]) && (i + 1 == text.Length || !IsApostrophe(text[i + 1])))
                    {
                        // "People’s", and the soft sign written as an apostrophe in "Opis’".
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }
            }
            else if (char.IsDigit(c))
            {
                kind = TokenKind.Number;
                while (i < text.Length && char.IsDigit(text[i]))
                {
                    i++;
                }
            }
            else
            {
                kind = TokenKind.Symbol;
                i += char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            }

            if (count == tokens.Length)
            {
                Array.Resize(ref tokens, tokens.Length * 2);
            }

            tokens[count++] = new Token(start, i - start, kind, space);
            space = false;
        }

        return count;
    }

    public static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ';

    private static bool IsSpace(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static bool IsMark(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Width of the letter at <paramref name="i"/> (2 for a letter outside the BMP), 0 when it is not a letter.</summary>
    private static int LetterWidth(string text, int i)
    {
        var c = text[i];
        if (!char.IsSurrogate(c))
        {
            return char.IsLetter(c) ? 1 : 0;
        }

        return Rune.TryGetRuneAt(text, i, out var rune) && Rune.IsLetter(rune) ? 2 : 0;
    }
}
