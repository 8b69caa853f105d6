/** Hand-computed value-scorecard fixture (the numbers are worked out in scorecard.test.ts). */
// Segment tech, drivers A, B, C weighted 50/30/20; r1, r2 use X (paying 100, 120); r3, r4 use Y (150, 170).
export const FIXTURE = `respondent,segment,product,driver,rating,price_paid
r1,tech,Us,A,8,
r1,tech,Us,B,6,
r1,tech,Us,C,4,
r1,tech,X,A,6,100
r1,tech,X,B,7,100
r1,tech,X,C,4,100
r2,tech,Us,A,9,
r2,tech,Us,B,5,
r2,tech,Us,C,dk,
r2,tech,X,A,5,120
r2,tech,X,B,6,
r2,tech,X,C,6,
r3,tech,Us,A,7,
r3,tech,Us,B,7,
r3,tech,Us,C,5,
r3,tech,Y,A,7,150
r3,tech,Y,B,9,
r3,tech,Y,C,8,
r4,tech,Us,A,6,
r4,tech,Us,B,,
r4,tech,Us,C,6,
r4,tech,Y,A,5,170
r4,tech,Y,B,8,
r4,tech,Y,C,7,
`;
