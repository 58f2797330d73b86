using System.Text.RegularExpressions;
using Catalogue.Api.Records;

namespace Catalogue.Api.Imports;

// The people a page names: the author and the parties its title gives, with the offices the text gives them.
public static partial class ArchivePageParser
{
    // Words of office and rank that stand before a name ("Prime Minister and Foreign Minister ZHOU ENLAI").
    private static readonly HashSet<string> OfficeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "prime", "minister", "ministers", "foreign", "affairs", "chairman", "vice", "deputy", "first", "second", "third",
        "secretary", "general", "premier", "president", "ambassador", "envoy", "counsellor", "counselor", "chargé",
        "charge", "d'affaires", "consul", "comrade", "com.", "cde.", "marshal", "colonel", "commander", "chief", "head",
        "director", "member", "central", "committee", "politburo", "party", "state", "council", "government",
        "military", "people's", "people’s", "attaché", "attache", "adviser", "advisor", "leader", "representative",
        "embassy", "of", "the", "and", "to", "in", "for", "ussr", "prc", "dprk", "gdr", "cpsu", "ccp", "wpk", "soviet", "chinese", "korean",
        "polish", "hungarian", "romanian", "czechoslovak", "bulgarian", "vietnamese", "mongolian", "albanian",
        "east", "german", "japanese", "north", "south", "acting", "senior", "plenipotentiary", "extraordinary",
    };

    // Offices named with "to": "Mission to the United Nations", "Ambassador to the PRC".
    private static readonly HashSet<string> OfficesSentTo = new(StringComparer.OrdinalIgnoreCase)
    {
        "mission", "ambassador", "embassy", "delegation", "representative", "envoy", "consul", "legation", "attaché",
        "attache", "adviser", "advisor", "advisers", "advisors", "minister",
    };

    private static readonly HashSet<string> Connectives = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "the", "and", "to", "in", "for",
    };

    private static (List<Person> Creators, List<Person> Participants) People(string title, string? summary, string? body, List<string> warnings)
    {
        var creators = new List<Person>();
        var participants = new List<Person>();
        var bodyOpening = body is null ? string.Empty : string.Join('\n', body.Split('\n').Where(line => line.Trim().Length > 0).Take(5));
        var signature = body?.Split('\n').LastOrDefault(line => line.Trim().Length > 0)?.Trim();

        string? author = null;
        string? authorOffice = null;
        if (DiaryOf().Match(title) is { Success: true } diary)
        {
            if (NameFromTitle(diary.Groups["name"].Value, warnings) is { } diarist)
            {
                // "Journal of Soviet Ambassador in the DPRK V.I. Ivanov": the office is not part of the name.
                (authorOffice, author) = SplitOffice(diarist);
                creators.Add(new Person(author, "author"));
            }
        }
        else if (FromTo().Match(title) is { Success: true } sent && SenderAndRecipient(Tidy(sent.Groups["route"].Value)) is var (sentBy, sentTo))
        {
            var sender = NameFromTitle(sentBy, warnings);
            var recipient = NameFromTitle(sentTo, warnings);
            if (sender is not null)
            {
                creators.Add(new Person(sender, "author"));
                participants.Add(new Person(sender, "sender"));
            }

            if (recipient is not null)
            {
                participants.Add(new Person(recipient, "recipient"));
            }
        }

        var conversation = ConversationWith().Match(title);
        if (!conversation.Success)
        {
            return (creators, participants);
        }

        if (author is not null)
        {
            var surname = author.Split([' ', '.'], StringSplitOptions.RemoveEmptyEntries).Last();
            var role = SignatureRole(signature, surname) ?? (summary is null ? null : RoleBefore(summary, surname)) ?? authorOffice;
            Add(participants, new Person(author, role));
        }

        foreach (var party in new[] { conversation.Groups["first"], conversation.Groups["second"] }.Where(group => group.Success))
        {
            if (NameFromTitle(party.Value, warnings) is not { } written)
            {
                continue;
            }

            var (titleRole, name) = SplitOffice(written);
            var bodyRole = bodyOpening.Length == 0 ? null : RoleBefore(bodyOpening, name);
            var role = new[] { titleRole, bodyRole }.Where(candidate => candidate is not null).MaxBy(candidate => candidate!.Length);
            Add(participants, new Person(name, role));
        }

        return (creators, participants);
    }

    /// <summary>
    /// A name as a title writes it, without what titles add after one: a date ("… for 4 March 1957") or a topic ("… on
    /// the Situation in Korea"). Null, with a warning, when what is left does not read as a name: better none than an
    /// invented one.
    /// </summary>
    private static string? NameFromTitle(string written, List<string> warnings)
    {
        var name = Tidy(written);
        if (DateInTitle().Match(name) is { Success: true } date)
        {
            name = name[..date.Index];
        }

        if (TopicInTitle().Match(name) is { Success: true } topic)
        {
            name = name[..topic.Index];
        }

        name = LeadingThe().Replace(TrailingJoin().Replace(name, string.Empty), string.Empty).Trim();
        if (IsName(name))
        {
            return name;
        }

        warnings.Add($"the title's \"{Tidy(written)}\" does not read as a name: it is left out of the creators and participants");
        return null;
    }

    /// <summary>A person's or a body's name: letters, no digits (a date, a number), not a sentence.</summary>
    private static bool IsName(string name) =>
        name.Length is > 0 and <= 200
        && name.Any(char.IsLetter)
        && !name.Any(char.IsDigit)
        && name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 12;

    // The first word with a digit, and what introduces it: " for 4 March 1957", " of March 4, 1957", "38th Army".
    [GeneratedRegex(
        @"(?:\s+(?:on|for|of|from|dated|in|at|since|until|of\s+the))?(?:\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)?\s*\S*\d",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex DateInTitle();

    // What a title says the document is about, after the name: "on …", "regarding …". A body "on" something keeps it
    // ("Committee on Foreign Relations").
    [GeneratedRegex(
        @"(?<!\b(?:committee|commission|council|subcommittee|conference|board|office|department|ministry|bureau))\s+on\s+|\s+(?:regarding|concerning|about|re:?|in\s+connection\s+with|with\s+regard\s+to|with\s+respect\s+to)\s+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex TopicInTitle();

    // What is left hanging at the end once a date or a topic is cut off: "V.I. Ivanov for", "Zhou Enlai,".
    [GeneratedRegex(@"(?:[\s,;:(–—\-]+|\s+(?:and|of|the|to|in|for|on|from|dated|at|with))+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex TrailingJoin();

    [GeneratedRegex(@"\b(?:diary|journal)\s+of\s+(?<name>[^,;:(]+?)\s*(?:[,;:(]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex DiaryOf();

    [GeneratedRegex(
        @"\b(?:telegram|cable|letter|report|memorandum|note|message|instructions?|directive)(?:\s+no\.?\s*[\w\-/]+)?(?:\s*,\s*|\s+from\s+)(?<route>[^,;:]+?\s+to\s+[^,;:]+?)(?=\s*(?:[,;:]|\s[-–—]\s|$))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex FromTo();

    [GeneratedRegex(
        @"\bconversation\s+(?:between\s+(?<first>.+?)\s+and\s+(?<second>.+?)|with\s+(?<second>.+?))(?=\s+on\s|\s+in\s|\s*[,;(]|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex ConversationWith();

    /// <summary>
    /// Splits "Nikishov to Beria" at the " to " between the two parties, passing over a " to " that is part of an
    /// office ("the Mission to the United Nations to the Department of State", "X to the Ambassador to China").
    /// </summary>
    private static (string Sender, string Recipient)? SenderAndRecipient(string route)
    {
        foreach (Match to in RouteTo().Matches(route))
        {
            var before = route[..to.Index].TrimEnd();
            var lastWord = before[(before.LastIndexOf(' ') + 1)..];
            if (OfficesSentTo.Contains(lastWord))
            {
                continue;
            }

            var sender = LeadingThe().Replace(before, string.Empty).Trim();
            var recipient = LeadingThe().Replace(route[(to.Index + to.Length)..], string.Empty).Trim();
            return sender.Length > 0 && recipient.Length > 0 ? (sender, recipient) : null;
        }

        return null;
    }

    [GeneratedRegex(@"\s+to\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex RouteTo();

    private static void Add(List<Person> people, Person person)
    {
        if (!people.Any(known => known.Name.Equals(person.Name, StringComparison.OrdinalIgnoreCase)))
        {
            people.Add(person);
        }
    }

    /// <summary>The office a signature line writes before the surname: "USSR Ambassador to the PRC" in "USSR Ambassador to the PRC N. Roshchin".</summary>
    private static string? SignatureRole(string? signature, string surname)
    {
        if (signature is null || signature.Length > 120)
        {
            return null;
        }

        var signed = signature.TrimEnd();
        if (!signed.EndsWith(surname, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var match = OfficeAndInitials().Match(signed[..^surname.Length]);
        return match.Success ? TrimConnectives(match.Groups["role"].Value.Trim().TrimEnd(',')) : null;
    }

    [GeneratedRegex(@"^(?<role>.+?)\s+(?:(?:\p{Lu}\.\s*){1,3})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex OfficeAndInitials();

    /// <summary>The words of office written just before a name, e.g. "Prime Minister and Foreign Minister" before "ZHOU ENLAI".</summary>
    private static string? RoleBefore(string text, string name)
    {
        string? best = null;
        foreach (var at in Mentions(text, name.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var before = text[..at].Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            var words = new List<string>();
            for (var i = before.Length - 1; i >= 0 && OfficeWords.Contains(before[i]); i--)
            {
                words.Insert(0, before[i]);
            }

            var role = TrimConnectives(string.Join(' ', words));
            if (role is not null && (best is null || role.Length > best.Length))
            {
                best = role;
            }
        }

        return best;
    }

    /// <summary>
    /// Where the name's words stand in the text, in any letter case and spacing, not inside a longer word:
    /// "Zhou Enlai" is in "ZHOU  ENLAI," but not in "Zhou Enlaishan".
    /// </summary>
    private static IEnumerable<int> Mentions(string text, string[] words)
    {
        if (words.Length == 0)
        {
            yield break;
        }

        var at = text.IndexOf(words[0], StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            if ((at == 0 || !char.IsLetter(text[at - 1])) && EndOfWords(text, at, words) is var end and >= 0
                && (end == text.Length || !char.IsLetter(text[end])))
            {
                yield return at;
            }

            at = text.IndexOf(words[0], at + 1, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Where the words end when they stand at <paramref name="at"/> one after another, with any spacing between; -1 when they do not.</summary>
    private static int EndOfWords(string text, int at, string[] words)
    {
        var end = at + words[0].Length;
        foreach (var word in words.Skip(1))
        {
            var next = end;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next == end || !text.AsSpan(next).StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                return -1;
            }

            end = next + word.Length;
        }

        return end;
    }

    private static (string? Role, string Name) SplitOffice(string written)
    {
        var words = written.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var office = words.TakeWhile(OfficeWords.Contains).Count();
        if (office == 0 || office == words.Length)
        {
            return (null, LeadingThe().Replace(written, string.Empty));
        }

        return (TrimConnectives(string.Join(' ', words[..office])), string.Join(' ', words[office..]));
    }

    private static string? TrimConnectives(string role)
    {
        var words = role.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0 && Connectives.Contains(words[0]))
        {
            words.RemoveAt(0);
        }

        while (words.Count > 0 && Connectives.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return words.Count == 0 ? null : string.Join(' ', words);
    }
}
