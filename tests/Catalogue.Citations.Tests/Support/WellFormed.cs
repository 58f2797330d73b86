namespace Catalogue.Citations.Tests.Support;

/// <summary>What must hold for every input whatever it is: an answer in time, no exception, nothing invented, nothing dropped.</summary>
public static class WellFormed
{
    /// <summary>A hang detector, not a speed test: a parse is linear, so even 100k characters take milliseconds.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public static CitationParse Parse(string? input)
    {
        var trace = new ParseTrace();
        var parsing = Task.Factory.StartNew(() => CitationParser.Read(input, trace), CancellationToken.None, TaskCreationOptions.None, ParsingThreads.Instance);
        Assert.True(parsing.Wait(Patience), $"Parsing did not finish within {Patience.TotalSeconds} s: {Describe(input)}");
        var parse = parsing.Result;

        Assert.Equal(CitationParser.Version, parse.ParserVersion);
        Assert.DoesNotContain(parse.Unparsed, u => u.Reason == UnparsedReasons.ParserFailure);
        if (input is null)
        {
            Assert.Empty(parse.References);
            Assert.Empty(parse.Unparsed);
            return parse;
        }

        Assert.Equal(parse.References.Count, trace.References.Count);
        for (var i = 0; i < parse.References.Count; i++)
        {
            var (start, end) = trace.References[i];
            Assert.False(string.IsNullOrEmpty(parse.References[i].Raw));
            Assert.Equal(input[start..end], parse.References[i].Raw);
        }

        Assert.Equal(parse.Unparsed.Count, trace.Fragments.Count);
        for (var i = 0; i < parse.Unparsed.Count; i++)
        {
            var (start, end) = trace.Fragments[i];
            Assert.Equal(input[start..end], parse.Unparsed[i].Text);
            Assert.False(string.IsNullOrWhiteSpace(parse.Unparsed[i].Reason));
        }

        // Nothing dropped silently: every letter and digit is in a reference, a fragment, or a connecting "and".
        var covered = new bool[input.Length];
        foreach (var (start, end) in trace.References.Concat(trace.Fragments).Concat(trace.Consumed))
        {
            Array.Fill(covered, true, start, end - start);
        }

        for (var i = 0; i < input.Length; i++)
        {
            if (!covered[i] && char.IsLetterOrDigit(input[i]))
            {
                Assert.Fail($"'{input[i]}' at {i} is neither read nor kept as unparsed: {Describe(input)}");
            }
        }

        return parse;
    }

    private static string Describe(string? input) =>
        input is null ? "null" : input.Length <= 300 ? $"\"{input}\"" : $"{input.Length} characters starting \"{input[..100]}\"";
}
