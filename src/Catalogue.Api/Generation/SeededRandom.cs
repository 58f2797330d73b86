namespace Catalogue.Api.Generation;

/// <summary>
/// Numbers drawn from a seed (SplitMix64), the same on every machine and runtime: <see cref="Random"/> with a seed does
/// not promise that across .NET versions, and a generated catalogue must be made again from its seed alone.
/// </summary>
public sealed class SeededRandom(ulong state)
{
    private ulong _state = state;

    /// <summary>
    /// The numbers of one part of one run (record 1234's description, the shuffle of deck 7): independent of every other
    /// part, so records come out the same whichever writer makes them and in whatever order.
    /// </summary>
    public static SeededRandom For(int seed, string part, long index) => new(Mix(Mix((ulong)(uint)seed ^ Fnv(part)) ^ (ulong)index));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>0 to <paramref name="maxExclusive"/> - 1.</summary>
    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextUInt64() % (ulong)maxExclusive);

    /// <summary><paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>An item drawn in proportion to its weight: repeats, as a real archive has its few prolific translators.</summary>
    public T Pick<T>(IReadOnlyList<(T Item, int Weight)> weighted)
    {
        var roll = Next(weighted.Sum(w => w.Weight));
        foreach (var (item, weight) in weighted)
        {
            if (roll < weight) return item;
            roll -= weight;
        }

        throw new InvalidOperationException("A weighted list needs a positive total weight.");
    }

    /// <summary>A length between <paramref name="min"/> and <paramref name="max"/>, as often short as long in proportion (log-uniform).</summary>
    public int LogUniform(int min, int max) => (int)Math.Round(min * Math.Pow((double)max / min, NextDouble()));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>FNV-1a: <see cref="string.GetHashCode()"/> differs from one process to the next.</summary>
    private static ulong Fnv(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return hash;
    }
}

/// <summary>
/// Kinds dealt like cards: each run of <see cref="Size"/> records holds every kind exactly as often as its weight
/// says, shuffled by the seed. A small catalogue then still has every citation shape and every kind of date, and a large
/// one has them in the stated proportions, not merely about so.
/// </summary>
public sealed class Deck<T>
{
    private readonly string _name;
    private readonly T[] _cards;

    public Deck(string name, IReadOnlyList<(T Item, int Weight)> weighted)
    {
        _name = name;
        _cards = [.. weighted.SelectMany(w => Enumerable.Repeat(w.Item, w.Weight))];
    }

    public int Size => _cards.Length;

    /// <summary>The card record <paramref name="index"/> is dealt.</summary>
    public T Deal(int seed, int index)
    {
        var round = index / _cards.Length;
        var random = SeededRandom.For(seed, _name, round);
        var order = Enumerable.Range(0, _cards.Length).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return _cards[order[index % _cards.Length]];
    }
}
