using System.Runtime.InteropServices;

namespace Catalogue.Citations;

/// <summary>
/// Second pass: items into references. A reference starts at a known repository, at a locator, or at a publication's
/// imprint; texts around it become its repository, collection or folder, or are kept as unparsed fragments.
/// </summary>
internal sealed partial class CitationReader
{
    private const int LongestNote = 80;

    private readonly List<ParsedReference> references = [];
    private readonly List<UnparsedFragment> unparsed = [];
    private readonly List<int> pending = [];
    private readonly List<TextPart> parts = [];
    private readonly Candidate current = new();
    private ParseTrace? trace;
    private bool active;
    private int label;
    private int asideEnd;
    private bool sentenceStart;
    private bool afterConnector;
    private bool lastWentToCurrent;

    public CitationParse Read(string citation, ParseTrace? parseTrace)
    {
        text = citation;
        trace = parseTrace;
        references.Clear();
        unparsed.Clear();
        pending.Clear();
        active = false;
        label = -1;
        asideEnd = -1;
        tokenCount = Scanner.Tokenize(text, ref tokens);
        BuildItems();

        sentenceStart = true;
        afterConnector = false;
        lastWentToCurrent = false;
        for (var j = 0; j < itemCount; j++)
        {
            switch (items[j].Kind)
            {
                case ItemKind.Comma or ItemKind.Colon:
                    continue;
                case ItemKind.Semicolon:
                    afterConnector = true;
                    continue;
                case ItemKind.Connector:
                    afterConnector = true;
                    trace?.Consumed.Add((items[j].Start, items[j].End));
                    continue;
                case ItemKind.SentenceEnd:
                    OnSentenceEnd();
                    continue;
                case ItemKind.Text when !items[j].HasContent:
                    OnPunctuation(j);
                    continue;
                case ItemKind.Text:
                    OnText(j);
                    break;
                case ItemKind.Locator:
                    OnLocator(j);
                    break;
            }

            sentenceStart = false;
            afterConnector = false;
        }

        CloseCurrent();
        FinishPending();
        if (references.Count == 0 && unparsed.Count == 0)
        {
            // Only punctuation: still not dropped.
            var start = text.Length - text.AsSpan().TrimStart().Length;
            AddFragment(start, text.AsSpan().TrimEnd().Length, UnparsedReasons.NotRecognised);
        }

        var parse = new CitationParse(CitationParser.Version, references.ToArray(), unparsed.ToArray());
        Release();
        return parse;
    }

    private void Release()
    {
        // A hostile 100k-character citation must not pin its buffers to the thread for ever.
        if (tokens.Length > 4096)
        {
            tokens = new Token[256];
        }

        if (items.Length > 4096)
        {
            items = new Item[64];
        }

        references.Clear();
        unparsed.Clear();
        pending.Clear();
        parts.Clear();
        current.Reset();
        if (references.Capacity > 4096 || unparsed.Capacity > 4096 || pending.Capacity > 4096 || parts.Capacity > 4096 || current.Parts.Capacity > 4096)
        {
            references.Capacity = unparsed.Capacity = pending.Capacity = parts.Capacity = current.Parts.Capacity = 0;
        }

        if (tidy.Capacity > 4096)
        {
            tidy.Clear().Capacity = 256;
        }

        text = string.Empty;
        trace = null;
    }

    private void OnSentenceEnd()
    {
        if (active)
        {
            var c = current;
            if (c.InClassification)
            {
                c.InClassification = false;
                c.ClassificationWindow = false;
            }
            else if (lastWentToCurrent)
            {
                // The sentence right after a reference may be its classification: "… 11/63–1/65. Secret; Exclusive."
                c.TailOpen = false;
                c.ClassificationWindow = c.ClassificationStart < 0 && !c.IsPublication;
            }
            else
            {
                c.ClassificationWindow = false;
            }
        }

        lastWentToCurrent = false;
        sentenceStart = true;
        afterConnector = false;
    }

    private void OnPunctuation(int j)
    {
        if (!active || !current.InBrackets)
        {
            return;
        }

        for (var k = items[j].Start; k < items[j].End; k++)
        {
            if (text[k] is ')' or ']')
            {
                current.TailOpen = false;
                return;
            }
        }
    }

    private void OnText(int j)
    {
        ref var t = ref items[j];
        Trim(ref t);
        if (active)
        {
            var c = current;
            if (c.ClassificationWindow)
            {
                c.ClassificationWindow = false;
                if (sentenceStart && IsClassification(in t))
                {
                    c.ClassificationStart = t.InnerStart;
                    c.ClassificationEnd = t.InnerEnd;
                    c.InClassification = true;
                    lastWentToCurrent = true;
                    return;
                }
            }

            if (c.InClassification)
            {
                c.ClassificationEnd = t.InnerEnd;
                lastWentToCurrent = true;
                return;
            }
        }

        if (j < asideEnd)
        {
            SetAside(j);
            return;
        }

        if (IsLabel(j))
        {
            pending.Add(j);
            label = j;
            lastWentToCurrent = false;
            return;
        }

        var afterLabel = label >= 0 && pending.Count > 0 && pending[^1] == label;
        var boundary = sentenceStart || afterConnector || afterLabel || t.OpensBracket || NextIsLocator(j);
        if (boundary && TryResolve(in t, out var entry, out var repositoryEnd, out var remainder))
        {
            if (active && !sentenceStart && current.Entry == entry && current.Parts.Count == 0 && current.RemainderFirst < 0 && remainder < 0 && current.TailOpen)
            {
                // "Russian State Archive of Socio-Political History, RGASPI, f. 17": one repository named twice.
                current.RepositoryEnd = t.InnerEnd;
                lastWentToCurrent = true;
                return;
            }

            CloseCurrent();
            StartAtRepository(j, entry, repositoryEnd, remainder);
            lastWentToCurrent = true;
            return;
        }

        if (active && afterConnector && !IsBareNumber(j) && ClauseWithoutLocator(j) is var clauseEnd && clauseEnd >= 0)
        {
            // "…, folder 7; and some junk text": a clause after a reference that names no archive and no locator is not
            // part of it. The "and" before it joined nothing, so it stays with the text it introduced.
            if (items[j - 1].Kind == ItemKind.Connector)
            {
                t.Start = t.InnerStart = items[j - 1].Start;
                t.FirstToken = t.InnerFirst = items[j - 1].FirstToken;
            }

            asideEnd = clauseEnd;
            current.TailOpen = false;
            SetAside(j);
            return;
        }

        if (active && current.TailOpen)
        {
            current.Parts.Add(j);
            if (current.InBrackets && t.ClosesBracket)
            {
                current.TailOpen = false;
            }

            lastWentToCurrent = true;
            return;
        }

        pending.Add(j);
        lastWentToCurrent = false;
    }

    private void OnLocator(int j)
    {
        ref var item = ref items[j];
        var field = item.Field;
        if (active)
        {
            var c = current;
            c.ClassificationWindow = false;
            c.InClassification = false;
            if (field == Field.PapkaOrPages)
            {
                // AVPRF "f. 06, op. 9, p. 18, d. 232": a papka sits between fond and delo; after the delo "p." is pages.
                field = c.Has(Field.Fond) && !c.Has(Field.Delo) && !c.Has(Field.Papka) && !c.Has(Field.Folios) && !c.Has(Field.Pages)
                    ? Field.Papka
                    : Field.Pages;
            }

            if (c.Has(field))
            {
                SplitBefore(j);
            }
            else if (!OnlyLabelPending())
            {
                CloseCurrent();
            }
        }
        else if (field == Field.PapkaOrPages)
        {
            field = Field.Pages;
        }

        item.Field = field;
        if (!active)
        {
            StartFromPending(j, field);
        }

        current.Parts.Add(j);
        current.Set(field);
        current.TailOpen = true;
        lastWentToCurrent = true;
    }

    private void SetAside(int j)
    {
        items[j].Aside = true;
        pending.Add(j);
        lastWentToCurrent = false;
    }

    /// <summary>The same locator twice starts a second reference; the names since the last locator are its repository.</summary>
    private void SplitBefore(int j)
    {
        var c = current;
        var sentenceOfLocator = items[j].Sentence;
        var cut = c.Parts.Count;
        while (cut > 0 && items[c.Parts[cut - 1]].Kind == ItemKind.Text && items[c.Parts[cut - 1]].Sentence == sentenceOfLocator)
        {
            cut--;
        }

        pending.InsertRange(0, CollectionsMarshal.AsSpan(c.Parts)[cut..]);

        c.Parts.RemoveRange(cut, c.Parts.Count - cut);
        CloseCurrent();
    }

    private void StartAtRepository(int j, RepositoryAuthorities.Entry entry, int repositoryEnd, int remainder)
    {
        ref var t = ref items[j];
        var start = t.InnerStart;
        var labelled = label >= 0 && pending.Count > 0 && pending[^1] == label;
        if (labelled)
        {
            start = items[label].InnerStart;
            pending.RemoveAt(pending.Count - 1);
        }

        FlushPending(0, pending.Count, references.Count == 0 ? UnparsedReasons.BeforeReference : UnparsedReasons.AfterReference);
        pending.Clear();
        label = -1;

        var c = current;
        c.Reset();
        active = true;
        c.Start = start;
        c.Labelled = labelled;
        c.Entry = entry;
        c.RepositoryStart = t.InnerStart;
        c.RepositoryEnd = repositoryEnd;
        if (remainder >= 0)
        {
            c.RemainderFirst = remainder;
            c.RemainderLast = t.InnerLast;
        }

        c.InBrackets = t.OpensBracket;
        c.TailOpen = !(t.OpensBracket && t.ClosesBracket);
    }

    /// <summary>A locator with no known repository before it: the texts just before are its repository, or a publication.</summary>
    private void StartFromPending(int j, Field field)
    {
        var sentenceOfLocator = j >= 0 ? items[j].Sentence : items[pending[^1]].Sentence;
        var k = pending.Count;
        while (k > 0 && pending[k - 1] != label && !items[pending[k - 1]].Aside && items[pending[k - 1]].Sentence == sentenceOfLocator)
        {
            k--;
        }

        if (k == pending.Count && k > 0 && pending[k - 1] != label && !items[pending[k - 1]].Aside && LooksLikeRepositoryName(pending[k - 1]))
        {
            k--; // "Unknown Archive. f. 1"
        }

        var labelled = k > 0 && pending[k - 1] == label;
        var american = labelled || IsAmerican(field);
        var claimEnd = pending.Count;

        var imprint = -1;
        var imprintEnd = -1;
        for (var m = k; m < claimEnd && imprint < 0; m++)
        {
            imprintEnd = ImprintEnd(pending[m]);
            imprint = imprintEnd >= 0 ? m : -1;
        }

        var first = k;
        var repositoryLast = -1;
        if (imprint >= 0)
        {
            first = labelled ? k : PublicationStart(k, imprint);
        }
        else if (k < claimEnd)
        {
            if (american)
            {
                // "University of Montana, Mansfield Library, Mansfield Papers": the institutions, then the collection.
                repositoryLast = k;
                while (repositoryLast + 1 < claimEnd && HasInstitutionWord(pending[repositoryLast + 1]))
                {
                    repositoryLast++;
                }
            }
            else
            {
                // "…, History and Public Policy Program Digital Archive, Unknown Archive, f. 1": start at the last institution.
                for (var m = claimEnd - 1; m > k && !labelled; m--)
                {
                    if (HasInstitutionWord(pending[m]))
                    {
                        first = m;
                        break;
                    }
                }

                repositoryLast = claimEnd - 1;
            }
        }

        FlushPending(0, labelled ? k - 1 : first, references.Count == 0 ? UnparsedReasons.BeforeReference : UnparsedReasons.AfterReference);

        var c = current;
        c.Reset();
        active = true;
        c.Labelled = labelled;
        c.Start = labelled ? items[label].InnerStart : first < claimEnd ? items[pending[first]].InnerStart : items[j].Start;
        if (imprint >= 0)
        {
            c.IsPublication = true;
            c.PublicationStart = items[pending[first]].InnerStart;
            c.PublicationEnd = imprintEnd;
            FollowImprint(c, pending[imprint], imprintEnd);
            for (var m = imprint + 1; m < claimEnd; m++)
            {
                c.Parts.Add(pending[m]);
            }
        }
        else if (first < claimEnd)
        {
            c.RepositoryStart = items[pending[first]].InnerStart;
            c.RepositoryEnd = items[pending[repositoryLast]].InnerEnd;
            for (var m = repositoryLast + 1; m < claimEnd; m++)
            {
                c.Parts.Add(pending[m]);
            }
        }

        pending.Clear();
        label = -1;
    }
}
