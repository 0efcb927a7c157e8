/** Creates an empty database on the test server; returns its URL and a function that drops it. */
export declare function createTestDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}>;
/** The folder holding the shared test models (`use-lite-en`). */
export declare function testModelsDir(): string;
//# sourceMappingURL=postgres.d.ts.map
