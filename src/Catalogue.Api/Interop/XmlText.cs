using System.Text;
using System.Xml;

namespace Catalogue.Api.Interop;

/// <summary>Text as XML 1.0 can carry it, and the writer settings every export shares.</summary>
public static class XmlText
{
    /// <summary>
    /// UTF-8 without a byte order mark, declared so, indented for the archivist who opens the file. A carriage return in
    /// a text is written as <c>&amp;#xD;</c> (and a line break or tab in an attribute as a reference): written raw, a
    /// parser reads CR and CRLF as LF, and a summary or a reason would come back otherwise than it was stored.
    /// </summary>
    public static XmlWriterSettings Settings => new()
    {
        Indent = true,
        NewLineHandling = NewLineHandling.Entitize,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Async = false,
    };

    /// <summary>
    /// XML 1.0 cannot carry most control characters or a lone surrogate, even escaped: a character it cannot carry
    /// becomes U+FFFD, so an old event holding one still exports, and the export still parses.
    /// </summary>
    public static string Clean(string text)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (!XmlConvert.IsXmlChar(text[i])) clean = false;
        }

        if (clean) return text;
        var cleaned = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned.Append(text[i]).Append(text[++i]);
            }
            else
            {
                cleaned.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return cleaned.ToString();
    }
}
