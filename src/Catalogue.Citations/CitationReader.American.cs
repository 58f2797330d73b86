namespace Catalogue.Citations;

// US source notes (FRUS, NARA, presidential libraries): collection, then box, lot or job, then a folder.
internal sealed partial class CitationReader
{
    /// <summary>The first run of texts is the collection; texts after a box, lot or job are the folder.</summary>
    private void InterpretAmerican(Draft draft)
    {
        if (parts.Count == 0)
        {
            return;
        }

        var firstRun = int.MaxValue;
        foreach (var p in parts)
        {
            firstRun = Math.Min(firstRun, p.Run);
        }

        // A folder cited by number ("folder 7") is the folder: later texts are not its title, and stay unparsed.
        var folderCited = draft.Folder is not null;
        int collectionStart = -1, collectionEnd = -1, folderStart = -1, folderEnd = -1;
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            if (p.Run == firstRun)
            {
                collectionStart = collectionStart < 0 ? p.Start : collectionStart;
                collectionEnd = p.End;
            }
            else if (!folderCited)
            {
                folderStart = folderStart < 0 ? p.Start : folderStart;
                folderEnd = p.End;
            }
            else
            {
                continue;
            }

            parts[i] = p with { Used = true };
        }

        draft.Collection = collectionStart >= 0 ? text[collectionStart..collectionEnd] : null;
        draft.Folder = folderStart >= 0 ? text[folderStart..folderEnd] : draft.Folder;
    }

    private static bool IsAmerican(Field field) => field is Field.RecordGroup or Field.Box or Field.Folder or Field.Series or Field.Lot or Field.Job or Field.Frc;
}
