import World

extension Lesson {
    /// The lesson's world before its first step: its accounts, then its setup commands as root.
    public func makeWorld() -> (World, [String]) {
        var world = World(accounts: accounts)
        var failures: [String] = []
        for command in self.world {
            let outcome = world.run(command)
            if let error = outcome.error { failures.append("`\(command)`: \(error.description)") }
        }
        world.trail.removeAll()
        world.currentProfile = startAs
        return (world, failures)
    }

    /// The world as it stands when step `index` begins, when every earlier task was solved with
    /// its reference solution.
    public func world(atStep index: Int) -> World {
        var (world, _) = makeWorld()
        for step in steps.prefix(index) {
            if case .task(let task) = step.kind {
                for command in task.solution { _ = world.run(command) }
            }
        }
        return world
    }
}
