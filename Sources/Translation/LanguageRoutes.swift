/// Every source→target route that a set of direct pairs allows, pivots included.
///
/// Routes are shortest paths in the graph whose edges are the direct pairs; among equally short
/// paths the one through alphabetically first pivots wins, so the choice is stable.
public struct LanguageRoutes: Sendable {
    /// The direct pairs the routes are built from.
    public let pairs: [LanguagePair]
    /// The longest route considered, in steps; 1 allows direct pairs only.
    public let maximumSteps: Int
    private let routesBySource: [LanguageCode: [LanguageCode: TranslationRoute]]

    /// Builds the routes from direct pairs.
    /// - Parameters:
    ///   - pairs: what the backend translates in one step (``TranslationBackend/availablePairs()``).
    ///   - maximumSteps: longest chain of steps to allow; every pivot costs quality.
    public init(pairs: [LanguagePair], maximumSteps: Int = 3) {
        let pairs = Array(Set(pairs)).sorted()
        self.pairs = pairs
        self.maximumSteps = maximumSteps
        var neighbours: [LanguageCode: [LanguageCode]] = [:]
        for pair in pairs where pair.source != pair.target {
            neighbours[pair.source, default: []].append(pair.target)
        }
        var routesBySource: [LanguageCode: [LanguageCode: TranslationRoute]] = [:]
        for source in neighbours.keys {
            routesBySource[source] = Self.shortestRoutes(from: source, neighbours: neighbours, maximumSteps: maximumSteps)
        }
        self.routesBySource = routesBySource
    }

    /// Every source that has at least one route, sorted.
    public var sources: [LanguageCode] { routesBySource.keys.sorted() }

    /// Every route, sorted by source then target. A regional variant of the source's own
    /// language (`en` to `en-US` through Catalan) is not a route.
    public var allRoutes: [TranslationRoute] { sources.flatMap { routes(from: $0) } }

    /// The routes from `source`, one per reachable target, sorted by target.
    public func routes(from source: LanguageCode) -> [TranslationRoute] {
        (routesBySource[source] ?? [:]).values.sorted { $0.target < $1.target }
    }

    /// The route from `source` to `target`.
    ///
    /// A target with a region (`pt-BR`) falls back to the plain language (`pt`) when no pair
    /// produces the regional variant.
    /// - Throws: ``TranslationError`` with code ``TranslationError/Code/noRoute`` listing the
    ///   targets that `source` does reach.
    public func route(from source: LanguageCode, to target: LanguageCode) throws(TranslationError) -> TranslationRoute {
        let reachable = routesBySource[source] ?? routesBySource[source.withoutRegion] ?? [:]
        if let route = reachable[target] ?? (target.region != nil ? reachable[target.withoutRegion] : nil) {
            return route
        }
        let targets = reachable.keys.sorted()
        let listing = targets.isEmpty
            ? "there is no installed pair from '\(source)' at all; sources with routes: \(sources.map(\.identifier).joined(separator: ", "))"
            : "available targets for '\(source)': \(targets.map(\.identifier).joined(separator: ", "))"
        throw TranslationError(.noRoute, "cannot translate '\(source)' to '\(target)': \(listing)", availableTargets: targets)
    }

    private static func shortestRoutes(
        from source: LanguageCode,
        neighbours: [LanguageCode: [LanguageCode]],
        maximumSteps: Int
    ) -> [LanguageCode: TranslationRoute] {
        var previous: [LanguageCode: LanguageCode] = [source: source]
        var frontier = [source]
        var steps = 0
        while !frontier.isEmpty, steps < maximumSteps {
            steps += 1
            var next: [LanguageCode] = []
            for language in frontier {
                for neighbour in neighbours[language] ?? [] where previous[neighbour] == nil {
                    previous[neighbour] = language
                    next.append(neighbour)
                }
            }
            frontier = next
        }
        var routes: [LanguageCode: TranslationRoute] = [:]
        for target in previous.keys where target.language != source.language {
            var path = [target]
            while let last = path.last, last != source, let before = previous[last] { path.append(before) }
            routes[target] = TranslationRoute(path: path.reversed())
        }
        return routes
    }
}
