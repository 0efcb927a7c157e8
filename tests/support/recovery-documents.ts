const topics = [
  'volcanoes',
  'glaciers',
  'coral reefs',
  'deserts',
  'rainforests',
  'tundra',
  'estuaries',
  'caves',
];

/** Deterministic documents, each long enough for a few chunks, for ingestion fault tests. */
export function recoveryDocuments(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const topic = topics[i % topics.length];
    const paragraphs = Array.from(
      { length: 6 },
      (_, p) =>
        `Report ${i}, part ${p}: field notes about ${topic}. Observers counted ${i * 7 + p} samples near station ${i}-${p}. ` +
        `The ${topic} survey of site ${i} recorded temperature, humidity and the movement of wildlife across the area.`,
    );
    return { text: paragraphs.join('\n\n'), title: `Report ${i}`, key: `report-${i}` };
  });
}
