namespace Catalogue.Citations;

/// <summary>Second pass, the reference being read: its parts in order, and how it is closed into a parsed reference.</summary>
internal sealed partial class CitationReader
{
    private void CloseCurrent()
    {
        if (!active)
        {
            return;
        }

        active = false;
        var c = current;
        var draft = new Draft();
        var rawEnd = Math.Max(c.RepositoryEnd, c.PublicationEnd);
        if (c.IsPublication)
        {
            draft.Publication = text[c.PublicationStart..c.PublicationEnd];
        }
        else if (c.RepositoryStart >= 0)
        {
            draft.RepositoryAsWritten = text[c.RepositoryStart..c.RepositoryEnd];
            draft.Repository = c.Entry?.Authority.Code ?? draft.RepositoryAsWritten;
            draft.RepositoryKnown = c.Entry is not null;
        }

        parts.Clear();
        var run = 0;
        var afterLocator = false;
        var american = c.Labelled;
        if (c.RemainderFirst >= 0)
        {
            parts.Add(new TextPart(tokens[c.RemainderFirst].Start, tokens[c.RemainderLast].End, c.RemainderFirst, c.RemainderLast, 0, -1));
        }

        foreach (var p in c.Parts)
        {
            ref var item = ref items[p];
            if (item.Kind == ItemKind.Locator)
            {
                run += afterLocator ? 0 : 1;
                afterLocator = true;
                american |= IsAmerican(item.Field);
                Apply(draft, in item);
                rawEnd = Math.Max(rawEnd, item.End);
            }
            else
            {
                afterLocator = false;
                parts.Add(new TextPart(item.InnerStart, item.InnerEnd, item.InnerFirst, item.InnerLast, run, p));
            }
        }

        var scheme = c.Entry?.Scheme ?? (american ? CitationScheme.American : CitationScheme.Locators);
        if (c.IsPublication)
        {
            InterpretPublication(draft);
        }
        else
        {
            Interpret(scheme, draft);
        }

        foreach (var part in parts)
        {
            rawEnd = part.Used ? Math.Max(rawEnd, part.End) : rawEnd;
        }

        if (c.ClassificationStart >= 0)
        {
            draft.Classification = text[c.ClassificationStart..c.ClassificationEnd];
            rawEnd = Math.Max(rawEnd, c.ClassificationEnd);
        }

        var rawStart = c.Start;
        references.Add(draft.ToReference(text[rawStart..rawEnd]));
        trace?.References.Add((rawStart, rawEnd));

        // What was not interpreted: inside the reference, or after it (merged into one fragment).
        var afterFirst = -1;
        var afterLast = -1;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Used)
            {
                continue;
            }

            if (part.Start < rawEnd)
            {
                AddFragment(part.Start, part.End, UnparsedReasons.WithinReference);
                continue;
            }

            afterFirst = afterFirst < 0 ? i : afterFirst;
            afterLast = i;
        }

        if (afterFirst >= 0)
        {
            var lastPart = parts[afterLast];
            var end = lastPart.Item >= 0 ? WithPeriod(lastPart.Item, lastPart.End) : lastPart.End;
            AddFragment(parts[afterFirst].Start, end, UnparsedReasons.AfterReference);
        }

        c.Reset();
    }

    private readonly record struct TextPart(int Start, int End, int First, int Last, int Run, int Item)
    {
        public bool Used { get; init; }
    }

    /// <summary>The reference being read: where it starts, its repository, its parts in order, its classification.</summary>
    private sealed class Candidate
    {
        private uint fields;

        public List<int> Parts { get; } = [];

        public int Start { get; set; }

        public RepositoryAuthorities.Entry? Entry { get; set; }

        public int RepositoryStart { get; set; }

        public int RepositoryEnd { get; set; }

        public int RemainderFirst { get; set; }

        public int RemainderLast { get; set; }

        public bool Labelled { get; set; }

        public bool InBrackets { get; set; }

        public bool TailOpen { get; set; }

        public bool ClassificationWindow { get; set; }

        public bool InClassification { get; set; }

        public int ClassificationStart { get; set; }

        public int ClassificationEnd { get; set; }

        public bool IsPublication { get; set; }

        public int PublicationStart { get; set; }

        public int PublicationEnd { get; set; }

        public bool Has(Field field) => (fields & (1u << (int)field)) != 0;

        public void Set(Field field) => fields |= 1u << (int)field;

        public void Reset()
        {
            fields = 0;
            Parts.Clear();
            Start = 0;
            Entry = null;
            RepositoryStart = -1;
            RepositoryEnd = -1;
            RemainderFirst = -1;
            RemainderLast = -1;
            Labelled = false;
            InBrackets = false;
            TailOpen = true;
            ClassificationWindow = false;
            InClassification = false;
            ClassificationStart = -1;
            ClassificationEnd = -1;
            IsPublication = false;
            PublicationStart = -1;
            PublicationEnd = -1;
        }
    }
}
