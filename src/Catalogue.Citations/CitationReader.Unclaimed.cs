namespace Catalogue.Citations;

/// <summary>
/// Second pass, what no reference claims: texts left pending when a citation ends, a bare unknown institution, and the
/// fragments kept as unparsed (a publication's imprint excepted).
/// </summary>
internal sealed partial class CitationReader
{
    private void FinishPending()
    {
        if (pending.Count == 0)
        {
            return;
        }

        if (references.Count == 0 && TryBareRepository())
        {
            return;
        }

        FlushPending(0, pending.Count, references.Count == 0 ? UnparsedReasons.NotRecognised : UnparsedReasons.AfterReference);
        pending.Clear();
    }

    /// <summary>A citation that only names an unknown institution ("Hoover Institution Archives") is still a reference.</summary>
    private bool TryBareRepository()
    {
        var last = pending[^1];
        var k = pending.Count;
        while (k > 0 && pending[k - 1] != label && items[pending[k - 1]].Sentence == items[last].Sentence)
        {
            k--;
        }

        if (k == pending.Count || !HasInstitutionWord(pending[k]))
        {
            return false;
        }

        for (var m = k; m < pending.Count; m++)
        {
            if (ImprintEnd(pending[m]) >= 0)
            {
                return false;
            }
        }

        StartFromPending(-1, Field.None);
        CloseCurrent();
        return true;
    }

    /// <summary>Unclaimed texts become fragments, except a publication ("(New York: Harcourt Brace Jovanovich, 1977), 385-387").</summary>
    private void FlushPending(int from, int to, string reason)
    {
        var m = from;
        while (m < to)
        {
            var imprint = -1;
            var imprintEnd = -1;
            for (var x = m; x < to && imprint < 0; x++)
            {
                imprintEnd = ImprintEnd(pending[x]);
                imprint = imprintEnd >= 0 ? x : -1;
            }

            if (imprint < 0)
            {
                AddItemsFragment(pending[m], pending[to - 1], reason);
                return;
            }

            var first = PublicationStart(m, imprint);
            if (first > m)
            {
                AddItemsFragment(pending[m], pending[first - 1], reason == UnparsedReasons.NotRecognised ? UnparsedReasons.BeforeReference : reason);
            }

            var c = current;
            c.Reset();
            active = true;
            c.IsPublication = true;
            c.Start = items[pending[first]].InnerStart;
            c.PublicationStart = c.Start;
            c.PublicationEnd = imprintEnd;
            FollowImprint(c, pending[imprint], imprintEnd);
            m = imprint + 1;

            // Pages follow in the same sentence: "…, 1977), 385-387."
            if (c.RemainderFirst < 0 && m < to && items[pending[m]].Sentence == items[pending[imprint]].Sentence && IsBareRange(pending[m]))
            {
                c.Parts.Add(pending[m]);
                m++;
            }

            CloseCurrent();
            reason = UnparsedReasons.AfterReference;
        }
    }

    private void AddItemsFragment(int firstItem, int lastItem, string reason)
    {
        AddFragment(items[firstItem].InnerStart, WithPeriod(lastItem, items[lastItem].InnerEnd), reason);
    }

    private void AddFragment(int start, int end, string reason)
    {
        if (end <= start)
        {
            return;
        }

        if (reason != UnparsedReasons.BeforeReference && reason != UnparsedReasons.NotRecognised && end - start <= LongestNote && SaysNotGiven(start, end))
        {
            reason = UnparsedReasons.NotGiven;
        }

        unparsed.Add(new UnparsedFragment(text[start..end], reason));
        trace?.Fragments.Add((start, end));
    }

    /// <summary>A fragment that ends a sentence keeps its period: "Translated by Mark Kramer."</summary>
    private int WithPeriod(int lastItem, int end)
    {
        var next = lastItem + 1;
        return next < itemCount && items[next].Kind == ItemKind.SentenceEnd && items[next].Start >= end ? items[next].End : end;
    }
}
