namespace Catalogue.Api.Validation;

/// <summary>What a client sent, as an answer quotes it back: whole when short, else its start and "…".</summary>
public static class Echoed
{
    public const int MostCharacters = 60;

    /// <summary>
    /// <paramref name="sent"/> cut to at most <paramref name="most"/> characters (a character that is half of a pair
    /// is not cut from its other half), with "…" where it was cut: an answer names what was refused without carrying
    /// back thousands of characters of it.
    /// </summary>
    public static string Shortened(string sent, int most = MostCharacters) => sent.Length <= most ? sent : Start(sent, most) + "…";

    /// <summary>The first <paramref name="most"/> characters of <paramref name="text"/>, a pair's first half left out with its second.</summary>
    public static string Start(string text, int most) =>
        text.Length <= most ? text : text[..(char.IsHighSurrogate(text[most - 1]) ? most - 1 : most)];
}
