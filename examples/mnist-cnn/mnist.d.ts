// Types for the `mnist` package (it ships none): 10,000 handwritten digits, 28x28 pixels each.
declare module 'mnist' {
  /** One labelled image: 784 pixel values in [0, 1] (row by row) and a one-hot label of length 10. */
  export interface Sample {
    input: number[];
    output: number[];
  }

  /** All the images of one digit (0-9). */
  export interface Digit {
    id: number;
    /** How many images of this digit the package holds (863 to 1127). */
    length: number;
    /** The pixels of image `index` (a random one without an index). */
    get(index?: number): number[];
    /** The pixels of images `start` to `end`, both included. */
    range(start: number, end: number): number[][];
    /** Labelled images `start` to `end`, both included. */
    set(start: number, end: number): Sample[];
  }

  /** The package's export: an array of the ten digits, `mnist[0]` to `mnist[9]`, plus helpers. */
  interface Mnist extends ReadonlyArray<Digit> {
    /** Balanced, non-overlapping training and test sets, shuffled with Math.random. */
    set(training: number, test: number): { training: Sample[]; test: Sample[] };
    /** The digit (0-9) a one-hot output stands for. */
    toNumber(output: number[]): number;
  }

  const mnist: Mnist;
  export = mnist;
}
