/** Form field of a segment's market share on the segments tab (shared by the form and its server module). */
export const shareField = (segmentId: string) => `share_${segmentId}`;
